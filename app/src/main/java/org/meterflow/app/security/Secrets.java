package org.meterflow.app.security;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.meterflow.pki.CertificateAuthority;

/**
 * The platform's secrets: its CA ({@code pki/}) and the bootstrap admin token, in the secrets dir
 * (the data dir unless {@code meterflow.secrets-dir} is set). In a cluster every node points at the
 * same folder; the first node to start creates them under a file lock, so nodes that start together
 * still end up with one CA and one token. Once made, the folder is only read (it may be read-only).
 *
 * @param ca         the platform CA that issues meter, gateway and broker certificates
 * @param adminToken the bootstrap admin token
 */
public record Secrets(CertificateAuthority ca, String adminToken) {

  static final String LOCK_FILE = ".secrets.lock";

  public static Secrets loadOrCreate(Path secretsDir) throws IOException {
    Path pki = secretsDir.resolve("pki");
    if (Files.isRegularFile(pki.resolve(CertificateAuthority.CA_CERT_FILE))
        && Files.isRegularFile(pki.resolve(CertificateAuthority.CA_KEY_FILE))
        && Files.isRegularFile(secretsDir.resolve(AdminToken.FILE))) {
      // made already (perhaps by another node, or mounted read-only from a Kubernetes Secret)
      return new Secrets(CertificateAuthority.loadOrCreate(pki, "MeterFlow Platform CA"),
          AdminToken.loadOrCreate(secretsDir));
    }
    Files.createDirectories(secretsDir);
    try (FileChannel channel = FileChannel.open(secretsDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      CertificateAuthority ca = CertificateAuthority.loadOrCreate(Files.createDirectories(secretsDir.resolve("pki")),
          "MeterFlow Platform CA");
      return new Secrets(ca, AdminToken.loadOrCreate(secretsDir));
    }
  }
}
