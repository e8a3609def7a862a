package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

class EmbeddedQuestDbTest {

  @TempDir Path dir;

  @Test
  void startsOnLoopbackReleasesThePortOnCloseAndKeepsDataAcrossRestarts() throws IOException {
    Path root = dir.resolve("questdb"); // does not exist yet
    Instant ts = Instant.parse("2026-11-26T10:00:00Z");
    AcceptedReading reading =
        new AcceptedReading(new Reading("M1", 1, ts, 1.5, 0, 230, 1, 50, null), ts.plusMillis(40));

    int port;
    try (EmbeddedQuestDb db = EmbeddedQuestDb.start(new QuestDbSettings(root, "127.0.0.1", 0, 256L << 20));
        QuestDbReadingStore store = new QuestDbReadingStore(db.httpUrl(), QuestDbStoreSettings.defaults())) {
      port = db.httpPort();
      assertThat(port).isGreaterThan(0);
      assertThat(db.httpUrl()).isEqualTo("http://127.0.0.1:" + port);
      assertThat(root.resolve("conf/log.conf")).isRegularFile();
      store.start().toCompletableFuture().join();
      store.write(List.of(reading)).toCompletableFuture().join();
    }
    try (ServerSocket rebind = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(rebind.getLocalPort()).isEqualTo(port); // close() released the HTTP port
    }

    try (EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, 0));
        QuestDbReadingStore store = new QuestDbReadingStore(db.httpUrl(), QuestDbStoreSettings.defaults())) {
      store.start().toCompletableFuture().join();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long count;
      do { // bounded: the WAL is applied to the table asynchronously after a restart
        count = store.count("M1", ts, ts.plusSeconds(1)).toCompletableFuture().join();
      } while (count == 0 && System.nanoTime() < deadline);
      assertThat(count).isEqualTo(1);
      assertThat(store.latest("M1").toCompletableFuture().join().orElseThrow()).isEqualTo(reading);
    }
  }
}
