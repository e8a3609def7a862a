package org.meterflow.mqtt.mosquitto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.pki.CertificateAuthority;

/**
 * Nodes of a cluster that share one Mosquitto write its files into one folder: each node's ingest
 * clients are added to the ACL, none replaces another's.
 */
class SharedAclTest {

  @TempDir
  Path dir;

  @Test
  void eachNodeAddsItsIngestClientsToTheSharedAcl() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(Files.createDirectories(dir.resolve("pki")), "Test CA");
    MosquittoSettings settings = new MosquittoSettings("ssl://localhost:8883", dir.resolve("files"), Optional.empty(),
        List.of("localhost"), Duration.ofDays(7));
    new MosquittoControl(ca, settings, Clock.systemUTC()).writeFiles(List.of("meterflow-ingest-n1-0"), List.of());
    new MosquittoControl(ca, settings, Clock.systemUTC())
        .writeFiles(List.of("meterflow-ingest-n2-0", "meterflow-ingest-n2-1"), List.of());
    new MosquittoControl(ca, settings, Clock.systemUTC()).writeFiles(List.of("meterflow-ingest-n1-0"), List.of());

    String acl = Files.readString(dir.resolve("files").resolve(MosquittoControl.ACL_FILE));
    assertThat(MosquittoAcl.serviceUsers(acl))
        .containsExactly("meterflow-ingest-n1-0", "meterflow-ingest-n2-0", "meterflow-ingest-n2-1");
    assertThat(acl).contains("pattern write meters/%u/#")
        .containsOnlyOnce("user meterflow-ingest-n1-0\ntopic read meters/#\ntopic read gateways/#");
  }
}
