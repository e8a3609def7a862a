package org.meterflow.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bootstrap admin token: created once with 256 random bits and written to
 * {@code DATA_DIR/admin-token} (owner-only), so the operator who installed MeterFlow can make the
 * first API calls. Only its hash is kept in memory by the authenticator.
 */
public final class AdminToken {

  public static final String FILE = "admin-token";

  private AdminToken() {}

  public static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String token = "mf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Path tmp = dataDir.resolve(FILE + ".tmp");
      Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the folder's own protection applies
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }
}
