package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import org.meterflow.lake.Lake;
import org.meterflow.simulator.fleet.Fleet;
import org.meterflow.simulator.fleet.FleetSettings;
import org.meterflow.simulator.fleet.MaxRatePublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meterflow bench}: starts the embedded platform in a fresh folder on free ports, registers
 * meters through the API, floods it over mutual-TLS MQTT (one reading per message, QoS 1) and
 * reports end-to-end readings/s (broker → validated → stored → acked) and publish → WebSocket
 * latency percentiles. Rerunnable; the numbers go to docs/benchmarks.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark end-to-end ingest and live-feed latency on the embedded stack.")
public final class BenchCommand implements Callable<Integer> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Option(names = "--meters", defaultValue = "100", description = "Meters (each its own TLS connection; default ${DEFAULT-VALUE})")
  int meters;

  @Option(names = "--seconds", defaultValue = "30", description = "How long to publish (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--window", defaultValue = "50", description = "Unacked QoS 1 messages per meter connection (default ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--threads", defaultValue = "2", description = "Publisher threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--batch", defaultValue = "1",
      description = "Readings per MQTT message (1 = one per message; 50 = a gateway-sized batch; default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--rate", defaultValue = "0",
      description = "Total readings/s to offer (0 = as fast as the publishers can; default ${DEFAULT-VALUE})")
  long rate;

  @Option(names = "--warmup", defaultValue = "10",
      description = "Seconds of load before measuring (JIT, connections; default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--bare",
      description = "Baseline: no ingest; a plain auto-acking MQTT subscriber counts what the broker delivers")
  boolean bare;

  @Option(names = "--data-dir", description = "Folder for the run, kept afterwards (default: a new temporary folder, deleted afterwards)")
  Path dataDir;

  @Option(names = "--watch-all",
      description = "Measure publish → WebSocket latency on the operators' feed of every reading, not on one meter's "
          + "feed as a consumer sees it (every reading is then also encoded for, and parsed by, this client)")
  boolean watchAll;

  @Option(names = "--mosquitto", paramLabel = "BINARY",
      description = "Run against a Mosquitto started from this binary (e.g. /usr/sbin/mosquitto; TLS, ACL, CRL and "
          + "persistence as deploy/mosquitto) instead of the embedded broker; with --bare, the bare Mosquitto baseline")
  Path mosquittoBinary;

  @Option(names = "--json", description = "Print one JSON object instead of a table")
  boolean json;

  /** The embedded QuestDB's HTTP port in this run. */
  private int questDbPort;

  @Override
  public Integer call() throws Exception {
    try (RunFolder folder = RunFolder.of(dataDir, "meterflow-bench")) {
      return run(folder.path());
    }
  }

  private Integer run(Path dir) throws Exception {
    Map<String, Object> overrides = MeterflowConfig.isolated(dir);
    questDbPort = (Integer) overrides.get("meterflow.questdb.http-port");
    overrides.put("meterflow.ingest.enabled", !bare);
    BenchMosquitto external = mosquittoBinary == null ? null : new BenchMosquitto(mosquittoBinary, dir);
    if (external != null) {
      overrides.putAll(external.platformOverrides());
    }
    try (BenchMosquitto mosquitto = external; Platform platform = Platform.start(MeterflowConfig.load(overrides))) {
      if (mosquitto != null) {
        mosquitto.start(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!platform.isReady() && System.nanoTime() < deadline) { // the ingest subscribes with backoff
          java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        if (!platform.isReady()) {
          throw new IllegalStateException("the ingest did not subscribe to Mosquitto within 60 s");
        }
      }
      FleetSettings fleetSettings = new FleetSettings(meters, "B", Duration.ofSeconds(1), 20, 10, 5,
          platform.settings().zone(), URI.create("http://127.0.0.1:" + platform.httpPort()), platform.adminToken(),
          platform.brokerUrl(), dir.resolve("bench-credentials"), 32, window, 7L);
      try (Fleet fleet = new Fleet(fleetSettings, Clock.systemUTC())) {
        fleet.connect().join();
        LatencyRecorder latency = new LatencyRecorder();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .header("Authorization", "Bearer " + platform.adminToken())
            .buildAsync(URI.create("ws://127.0.0.1:" + platform.httpPort() + "/api/v1/live"
                + (watchAll ? "" : "?meter=" + fleet.connections().get(0).serial())), latency)
            .join();

        MaxRatePublisher publisher = new MaxRatePublisher(fleet.connections(), window, batch, Clock.systemUTC());
        BareSubscriber baseline = bare ? BareSubscriber.connect(platform, batch) : null;
        if (warmup > 0) {
          publisher.run(Duration.ofSeconds(warmup), Long.MAX_VALUE, threads, rate);
          long warmupDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          long warmupSent = publisher.sent();
          java.util.function.LongSupplier seen = bare ? baseline::readings : platform.stats()::acceptedCount;
          // Settled when the warm-up's readings are both stored and acked (acks trail the count).
          while ((seen.getAsLong() < warmupSent || publisher.acked() + publisher.failed() < warmupSent)
              && System.nanoTime() < warmupDeadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
          }
          latency.reset();
        }
        long acceptedBefore = platform.stats().acceptedCount();
        long sentBefore = publisher.sent();
        long ackedBefore = publisher.acked();
        long baselineBefore = bare ? baseline.readings() : 0;
        java.util.function.LongSupplier delivered = bare
            ? () -> baseline.readings() - baselineBefore
            : () -> platform.stats().acceptedCount() - acceptedBefore;
        long started = System.nanoTime();
        publisher.run(Duration.ofSeconds(seconds), Long.MAX_VALUE, threads, rate);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (publisher.acked() + publisher.failed() < publisher.sent() && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        while (delivered.getAsLong() < publisher.acked() - ackedBefore && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long accepted = delivered.getAsLong();
        socket.abort();
        if (baseline != null) {
          baseline.close();
        }
        long sent = publisher.sent() - sentBefore;
        long acked = publisher.acked() - ackedBefore;
        report(sent, acked, publisher.failed(), accepted, elapsed, latency, platform);
        return accepted == acked && publisher.failed() == 0 ? 0 : 1;
      }
    }
  }

  private void report(long sent, long acked, long failed, long accepted, double elapsed, LatencyRecorder latency,
      Platform platform) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("meters", meters);
    result.put("seconds", seconds);
    result.put("offeredRate", rate);
    result.put("readingsPerMessage", batch);
    result.put("mode", bare ? "bare broker (no ingest)" : "end to end");
    result.put("broker", mosquittoBinary == null ? "embedded HiveMQ CE" : "Mosquitto " + mosquittoBinary);
    result.put("warmupSeconds", warmup);
    result.put("sent", sent);
    result.put("acked", acked);
    result.put("failed", failed);
    result.put("accepted", accepted);
    result.put("duplicates", platform.stats().duplicateCount());
    result.put("readingsPerSecond", Math.round(accepted / elapsed));
    result.put("storeBatches", platform.stats().batchesWritten());
    result.put("storeWriteMeanMs", Math.round(platform.stats().meanWriteMillis() * 100) / 100.0);
    result.put("publishToIngestMeanMs", Math.round(platform.stats().meanReadingAgeMillis() * 100) / 100.0);
    result.put("judgeMeanMs", Math.round(platform.stats().meanJudgeMillis() * 100) / 100.0);
    result.put("ackMeanMs", Math.round(platform.stats().meanAckMillis() * 100) / 100.0);
    result.put("brokerToStoredMeanMs", Math.round(platform.stats().meanLagMillis() * 100) / 100.0);
    result.put("p99Ms", platform.stats().p99Millis());
    questDbCatchUp(result);
    platform.lake().ifPresent(lake -> {
      // Whether the lake's conversion to Parquet kept up: what still waits, and how long it takes to publish it all.
      Lake.Status before = lake.status();
      long flushStarted = System.nanoTime();
      lake.flush().toCompletableFuture().join();
      Lake.Status after = lake.status();
      result.put("lakeSegmentsWaitingAtEnd", before.segmentsWaiting());
      result.put("lakeCatchUpSeconds", Math.round((System.nanoTime() - flushStarted) / 1e7) / 100.0);
      result.put("lakeRowsAppended", after.rowsAppended());
      result.put("lakeParquetBytesPerRow", after.rowsAppended() == 0 ? 0
          : Math.round(100.0 * after.parquetBytes() / after.rowsAppended()) / 100.0);
    });
    result.put("latencyWatched", watchAll ? "every reading" : "one meter's readings");
    result.put("publishToWebSocketMs", latency.percentiles());
    result.put("receiptToWebSocketMs", latency.receiptPercentiles());
    if (json) {
      System.out.println(MAPPER.writeValueAsString(result));
    } else {
      result.forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
    }
  }

  /**
   * Whether QuestDB's WAL apply kept up: a write is acked once in the WAL, and becomes visible to
   * queries when applied. Reports the transactions still to apply at the end and how long applying
   * them took (bounded wait of 5 minutes).
   */
  private void questDbCatchUp(Map<String, Object> result) {
    if (questDbPort <= 0) {
      return;
    }
    HttpClient http = HttpClient.newHttpClient();
    URI lagQuery = URI.create("http://127.0.0.1:" + questDbPort + "/exec?query="
        + java.net.URLEncoder.encode("SELECT sequencerTxn - writerTxn FROM wal_tables() WHERE name = 'readings'",
            java.nio.charset.StandardCharsets.UTF_8));
    long started = System.nanoTime();
    long deadline = started + Duration.ofMinutes(5).toNanos();
    try {
      long lag = -1;
      boolean first = true;
      while (System.nanoTime() < deadline) {
        String body = http.send(java.net.http.HttpRequest.newBuilder(lagQuery).GET().build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        JsonNode dataset = MAPPER.readTree(body).path("dataset");
        lag = dataset.isArray() && dataset.size() > 0 ? dataset.get(0).get(0).asLong() : -1;
        if (first) {
          result.put("tsdbWalTxnsToApplyAtEnd", lag);
          first = false;
        }
        if (lag <= 0) {
          break;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
      }
      result.put("tsdbCatchUpSeconds", lag == 0 ? Math.round((System.nanoTime() - started) / 1e7) / 100.0 : -1);
    } catch (Exception e) {
      result.put("tsdbCatchUpSeconds", "unknown: " + e.getMessage());
    }
  }

  /** Receives live readings and keeps publish → receipt latency, from each reading's {@code ts}. */
  static final class LatencyRecorder implements WebSocket.Listener {
    /** From each reading's {@code ts} (stamped by the generator when it was published). */
    private final ConcurrentLinkedQueue<Long> fromPublish = new ConcurrentLinkedQueue<>();
    /**
     * From each reading's {@code receivedAt} (when the ingest got it from the broker): the "broker
     * receipt" the live-feed latency target of docs/targets.md is measured from.
     */
    private final ConcurrentLinkedQueue<Long> fromReceipt = new ConcurrentLinkedQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      long now = System.currentTimeMillis();
      partial.append(data);
      if (last) {
        try {
          JsonNode reading = MAPPER.readTree(partial.toString());
          fromPublish.add(now - Instant.parse(reading.get("ts").asText()).toEpochMilli());
          fromReceipt.add(now - Instant.parse(reading.get("receivedAt").asText()).toEpochMilli());
        } catch (Exception e) {
          // a frame we cannot read is not a latency sample
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    void reset() {
      fromPublish.clear();
      fromReceipt.clear();
    }

    Map<String, Double> percentiles() {
      return percentiles(fromPublish);
    }

    Map<String, Double> receiptPercentiles() {
      return percentiles(fromReceipt);
    }

    private static Map<String, Double> percentiles(ConcurrentLinkedQueue<Long> samples) {
      long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
      Map<String, Double> p = new LinkedHashMap<>();
      p.put("samples", (double) sorted.length);
      if (sorted.length == 0) {
        return p;
      }
      for (double q : new double[] {0.5, 0.95, 0.99}) {
        p.put("p" + Math.round(q * 100), (double) sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
      }
      p.put("max", (double) sorted[sorted.length - 1]);
      p.put("mean", Arrays.stream(sorted).average().orElse(0));
      return p;
    }
  }

}
