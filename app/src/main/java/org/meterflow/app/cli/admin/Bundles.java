package org.meterflow.app.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.meterflow.pki.AtomicFiles;

/**
 * Writes a meter's registration bundle (shown once by the API) as files a vendor can flash:
 * {@code DIR/<serial>/ca.pem}, {@code meter.crt}, {@code meter.key}, {@code meter.p12} and
 * {@code meter.p12.password}; keys and passwords owner-only. The file names are those
 * docs/mqtt-devices.md and the mosquitto_pub commands of docs/security.md use.
 */
final class Bundles {

  private Bundles() {
  }

  static Path dirFor(Path out, String serial) {
    return out.resolve(serial);
  }

  /** True when a bundle for {@code serial} is already in {@code out} (it would be overwritten). */
  static boolean exists(Path out, String serial) {
    return Files.exists(dirFor(out, serial).resolve("meter.key"));
  }

  static Path write(Path out, JsonNode credentials) throws IOException {
    String serial = credentials.get("serial").asText();
    Path dir = Files.createDirectories(dirFor(out, serial));
    AtomicFiles.write(dir.resolve("meter.key"), credentials.get("privateKeyPem").asText(), true);
    AtomicFiles.write(dir.resolve("meter.crt"), credentials.get("certificatePem").asText(), false);
    AtomicFiles.write(dir.resolve("ca.pem"), credentials.get("caPem").asText(), false);
    if (credentials.hasNonNull("pkcs12Base64")) {
      AtomicFiles.write(dir.resolve("meter.p12"), Base64.getDecoder().decode(credentials.get("pkcs12Base64").asText()), true);
      AtomicFiles.write(dir.resolve("meter.p12.password"),
          (credentials.get("pkcs12Password").asText() + "\n").getBytes(StandardCharsets.US_ASCII), true);
    }
    return dir;
  }
}
