package org.meterflow.lake.target;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.meterflow.lake.spool.Spool;

/**
 * The lake as a local folder: each file is fsync'd, then renamed into place (atomically, so a
 * reader never sees half a file), and the folder entry fsync'd.
 */
public final class LocalFolderTarget implements LakeTarget {

  private final Path root;

  public LocalFolderTarget(Path root) {
    this.root = root;
  }

  @Override
  public void publish(Path file, String key) throws IOException {
    Path destination = resolve(key);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.createDirectories(destination.getParent());
    Files.move(file, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Spool.syncDirectory(destination.getParent());
  }

  /** Deletes the file, then fsyncs its folder so the deletion survives a crash. */
  @Override
  public void delete(String key) throws IOException {
    Path file = resolve(key);
    if (Files.deleteIfExists(file)) {
      Spool.syncDirectory(file.getParent());
    }
  }

  private Path resolve(String key) throws IOException {
    Path destination = root.resolve(key).normalize();
    if (!destination.startsWith(root)) {
      throw new IOException("lake key escapes the lake folder: " + key);
    }
    return destination;
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
