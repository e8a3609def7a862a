package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.timeseries.questdb.QuestDbSettings;

/**
 * The time-series store goes down in the middle of ingest (the platform's QuestDB, external here
 * so the test can stop and restart it): writes fail after bounded retries and nothing published
 * meanwhile is acknowledged — the meters keep their readings (store and forward, as meter firmware
 * does), reconnect and send them again; once the store is back, every published reading is stored
 * exactly once.
 */
class StoreOutageTest {

  private static final int METERS = 4;
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));

  private Path dir;
  private QuestDbSettings questDbSettings;
  private EmbeddedQuestDb questDb;
  private PlatformFixture fixture;
  private final List<MqttClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<JsonNode> credentials = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    dir = Files.createTempDirectory("meterflow-StoreOutageTest");
    questDbSettings = QuestDbSettings.loopback(dir.resolve("questdb"), EmbeddedQuestDb.freePort());
    questDb = EmbeddedQuestDb.start(questDbSettings);
    fixture = new PlatformFixture(dir.resolve("platform"), Map.of(
        "meterflow.questdb.url", questDb.httpUrl(),
        "meterflow.questdb.write-timeout", "3 s",
        "meterflow.ingest.write-attempts", 3,
        "meterflow.ingest.min-backoff", "100 ms",
        "meterflow.ingest.max-backoff", "1 s"));
  }

  @AfterEach
  void stop() throws IOException {
    for (MqttClient client : clients) {
      try {
        client.disconnect();
        client.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    try {
      if (fixture != null) {
        fixture.close();
      }
    } finally {
      if (questDb != null) {
        questDb.close();
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void readingsPublishedWhileTheStoreIsDownAreStoredOnceItIsBack() throws Exception {
    List<String> serials = new ArrayList<>();
    for (int m = 1; m <= METERS; m++) {
      String serial = String.format(Locale.ROOT, "SO%06d", m);
      serials.add(serial);
      JsonNode registered = fixture.register(serial);
      credentials.add(registered);
      clients.add(fixture.connect(registered));
    }

    publish(serials, 1, 10);
    assertThat(PlatformFixture.await(Duration.ofSeconds(20), () -> stored(serials) == METERS * 10L))
        .as("the first 10 readings of each meter stored").isTrue();
    long acceptedBefore = stat("accepted");

    questDb.close();
    // Each meter sends 11..40 on its own thread; while the store is down no PUBACK comes back.
    java.util.concurrent.atomic.AtomicLong ackedWhileDown = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.ExecutorService meters = java.util.concurrent.Executors.newFixedThreadPool(METERS);
    List<java.util.concurrent.Future<?>> sending = new ArrayList<>();
    for (int m = 0; m < METERS; m++) {
      int meter = m;
      sending.add(meters.submit(() -> {
        for (int seq = 11; seq <= 40; seq++) {
          sendUntilAcked(meter, serials.get(meter), seq);
          ackedWhileDown.incrementAndGet();
        }
        return null;
      }));
    }
    PlatformFixture.await(Duration.ofSeconds(4), () -> false);
    assertThat(ackedWhileDown.get()).as("no reading acknowledged while the store is down").isZero();
    assertThat(stat("accepted")).as("nothing accepted while the store is down").isEqualTo(acceptedBefore);

    questDb = EmbeddedQuestDb.start(questDbSettings); // same folder and port: the data written before is still there
    for (java.util.concurrent.Future<?> f : sending) {
      f.get(150, java.util.concurrent.TimeUnit.SECONDS); // each meter got its readings 11..40 acknowledged
    }
    meters.shutdown();
    publish(serials, 41, 50);
    boolean all = PlatformFixture.await(Duration.ofSeconds(60), () -> stored(serials) == METERS * 50L);
    assertThat(all).as("all %d readings stored after recovery (stored %d, missing %s, stats %s)",
        METERS * 50, stored(serials), missing(serials), fixture.getQuietly("/api/v1/ingest/stats")).isTrue();
    for (String serial : serials) {
      assertThat(count(serial)).as(serial).isEqualTo(50);
    }
    assertThat(stat("accepted")).isLessThanOrEqualTo(METERS * 50L);
    PlatformFixture.await(Duration.ofSeconds(1), () -> false);
    assertThat(stored(serials)).as("no reading stored twice").isEqualTo(METERS * 50L);
  }

  private void publish(List<String> serials, int fromSeq, int toSeq) throws Exception {
    for (int seq = fromSeq; seq <= toSeq; seq++) {
      for (int m = 0; m < serials.size(); m++) {
        clients.get(m).publish("meters/" + serials.get(m) + "/readings", payload(serials.get(m), seq), 1, false);
      }
    }
  }

  private static byte[] payload(String serial, int seq) {
    return String.format(Locale.ROOT,
        "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,\"exportKwh\":0.0,"
            + "\"voltage\":%.1f,\"current\":3.5,\"frequency\":50.0,\"powerFactor\":0.95}",
        serial, seq, START.plus(Duration.ofMinutes(seq)), 500 + seq * 0.01, 228.0 + seq % 5)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What a meter does with a reading the platform has not acknowledged: keeps it, reconnects when
   * the connection was dropped, and sends it again (for at most two minutes).
   */
  private void sendUntilAcked(int meter, String serial, int seq) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try {
        MqttClient client = clients.get(meter);
        if (!client.isConnected()) {
          client.close(true);
          client = fixture.connect(credentials.get(meter));
          clients.set(meter, client);
        }
        client.publish("meters/" + serial + "/readings", payload(serial, seq), 1, false);
        return;
      } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        PlatformFixture.await(Duration.ofMillis(250), () -> false); // back off before reconnecting
      }
    }
  }

  /** serial → seqs not in the store, for the failure message. */
  private Map<String, List<Integer>> missing(List<String> serials) {
    Map<String, List<Integer>> missing = new java.util.TreeMap<>();
    for (String serial : serials) {
      java.util.Set<Instant> stored = new java.util.HashSet<>();
      fixture.platform.store().range(serial, START, START.plus(Duration.ofHours(1)), Duration.ofMinutes(1))
          .toCompletableFuture().join().forEach(p -> stored.add(p.ts()));
      for (int seq = 1; seq <= 50; seq++) {
        if (!stored.contains(START.plus(Duration.ofMinutes(seq)))) {
          missing.computeIfAbsent(serial, k -> new ArrayList<>()).add(seq);
        }
      }
    }
    return missing;
  }

  private long stored(List<String> serials) {
    long total = 0;
    for (String serial : serials) {
      long n = count(serial);
      if (n < 0) {
        return -1;
      }
      total += n;
    }
    return total;
  }

  private long count(String serial) {
    try {
      return fixture.platform.store().count(serial, START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(1)))
          .toCompletableFuture().join();
    } catch (RuntimeException e) {
      return -1; // the store is down
    }
  }

  private long stat(String field) {
    try {
      return fixture.stats().get(field).asLong();
    } catch (Exception e) {
      return -1;
    }
  }
}
