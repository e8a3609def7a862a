package org.meterflow.simulator.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the credentials the platform issued to simulated meters (they are shown only once), so a
 * simulator restarted against the same platform reconnects its meters instead of failing to
 * re-register them. One folder per serial: cert.pem, key.pem, ca.pem — as a meter vendor keeps them.
 */
public final class CredentialStore {

  private final Path dir;

  public CredentialStore(Path dir) {
    this.dir = dir;
  }

  public Optional<PlatformClient.Credentials> load(String serial) {
    Path folder = dir.resolve(serial);
    if (!Files.isRegularFile(folder.resolve("key.pem"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PlatformClient.Credentials(serial,
          Files.readString(folder.resolve("cert.pem")), Files.readString(folder.resolve("key.pem")),
          Files.readString(folder.resolve("ca.pem"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Meters registered without keeping their keys (they report through a gateway, so only the
   * gateway's credentials are needed): one serial per line in {@code registered-meters.txt}.
   */
  public synchronized java.util.Set<String> registeredMeters() {
    Path file = dir.resolve("registered-meters.txt");
    if (!Files.isRegularFile(file)) {
      return new java.util.HashSet<>();
    }
    try {
      return new java.util.HashSet<>(Files.readAllLines(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records that these meters are registered (appends). */
  public synchronized void markRegistered(java.util.Collection<String> serials) {
    if (serials.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("registered-meters.txt"), String.join("\n", serials) + "\n",
          StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void save(PlatformClient.Credentials credentials) {
    Path folder = dir.resolve(credentials.serial());
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("cert.pem"), credentials.certificatePem(), StandardCharsets.US_ASCII);
      Files.writeString(folder.resolve("ca.pem"), credentials.caPem(), StandardCharsets.US_ASCII);
      Path tmp = folder.resolve("key.pem.tmp");
      Files.writeString(tmp, credentials.privateKeyPem(), StandardCharsets.US_ASCII);
      Files.move(tmp, folder.resolve("key.pem"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
