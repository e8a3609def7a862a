package org.meterflow.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.meterflow.timeseries.influxdb.InfluxDbServer;

/**
 * One embedded platform per test class, in its own temporary folder, always closed:
 * {@code @RegisterExtension static final PlatformExtension platform = new PlatformExtension();}
 * On a class marked {@link OnInfluxDb}, the platform's time series are in a throw-away InfluxDB 1.6.
 */
final class PlatformExtension implements BeforeAllCallback, AfterAllCallback {

  private final Map<String, Object> overrides;
  private Path dataDir;
  private InfluxDbServer influxd;
  private PlatformFixture fixture;

  PlatformExtension() {
    this(Map.of());
  }

  /** With configuration keys overridden (e.g. shorter outage intervals). */
  PlatformExtension(Map<String, Object> overrides) {
    this.overrides = overrides;
  }

  PlatformFixture fixture() {
    return fixture;
  }

  Path dataDir() {
    return dataDir;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("meterflow-" + context.getRequiredTestClass().getSimpleName());
    Map<String, Object> keys = new HashMap<>(overrides);
    if (context.getRequiredTestClass().isAnnotationPresent(OnInfluxDb.class)) {
      influxd = InfluxDbServer.start(Files.createDirectories(dataDir.resolve("influxdb")), false);
      keys.put("meterflow.timeseries.kind", "influxdb");
      keys.put("meterflow.timeseries.influxdb.url", influxd.url());
      keys.put("meterflow.timeseries.influxdb.version", 1);
      keys.put("meterflow.timeseries.influxdb.database", "meterflow");
    }
    fixture = new PlatformFixture(dataDir, keys);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (fixture != null) {
        fixture.close();
      }
      if (influxd != null) {
        influxd.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
