package org.meterflow.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files whole: beside the target first, then moved over it. */
public final class AtomicFiles {

  private AtomicFiles() {
  }

  public static void write(Path target, String text, boolean ownerOnly) throws IOException {
    write(target, text.getBytes(StandardCharsets.US_ASCII), ownerOnly);
  }

  /**
   * Writes {@code bytes} to {@code target}. With {@code ownerOnly} the file is {@code rw-------}
   * from its creation (where the file system has POSIX permissions), else {@code rw-r--r--}.
   */
  public static void write(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    // On POSIX file systems createTempFile makes the file rw------- already.
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      Files.write(temp, bytes);
      if (posix) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
