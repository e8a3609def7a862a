package org.meterflow.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateRevocationListTest {

  @TempDir
  Path dir;

  @Test
  void crlIsSignedByTheCaAndListsExactlyTheRevokedSerials() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "Test CA");
    IssuedCertificate revoked = ca.issueClient("M1", Duration.ofDays(1));
    IssuedCertificate held = ca.issueClient("M2", Duration.ofDays(1));
    IssuedCertificate fine = ca.issueClient("M3", Duration.ofDays(1));
    Instant now = Instant.now();

    X509CRL crl = ca.crl(List.of(
        new RevokedCertificate(revoked.certificate().getSerialNumber(), now, RevokedCertificate.Reason.KEY_COMPROMISE),
        new RevokedCertificate(held.certificate().getSerialNumber(), now, RevokedCertificate.Reason.CERTIFICATE_HOLD)),
        now, now.plus(Duration.ofDays(7)));

    crl.verify(ca.caCertificate().getPublicKey());
    assertThat(crl.isRevoked(revoked.certificate())).isTrue();
    assertThat(crl.isRevoked(held.certificate())).isTrue();
    assertThat(crl.isRevoked(fine.certificate())).isFalse();
    assertThat(crl.getRevokedCertificate(held.certificate()).getRevocationReason())
        .hasToString("CERTIFICATE_HOLD");
    assertThat(Pem.encode(crl)).startsWith("-----BEGIN X509 CRL-----");
  }

  @Test
  void aCertificateCanBeIssuedAlreadyExpired() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "Test CA");
    Instant now = Instant.now();
    IssuedCertificate expired = ca.issueClient("OLD1", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    assertThatThrownBy(() -> expired.certificate().checkValidity()).isInstanceOf(CertificateExpiredException.class);
  }
}
