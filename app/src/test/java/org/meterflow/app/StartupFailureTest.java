package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;

/** A start that fails half-way (HTTP port taken) stops what it had started, so a retry succeeds. */
class StartupFailureTest {

  @TempDir
  Path dataDir;

  @Test
  void failedStartReleasesEverythingItHadStarted() throws Exception {
    int questDbPort = EmbeddedQuestDb.freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> new PlatformFixture(dataDir, Map.of(
          "meterflow.http.port", taken.getLocalPort(), "meterflow.questdb.http-port", questDbPort)))
          .isInstanceOf(RuntimeException.class);
    }
    try (PlatformFixture retry = new PlatformFixture(dataDir, Map.of("meterflow.questdb.http-port", questDbPort))) {
      assertThat(retry.platform.isReady()).isTrue();
      assertThat(retry.get("/health/ready", null).statusCode()).isEqualTo(200);
    }
  }
}
