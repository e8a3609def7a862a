package org.meterflow.lake;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/** Readings and lake settings for tests. */
public final class Readings {

  public static final MeterLocation LOCATION = new MeterLocation("north", "SS1", "F1", "DT1");

  public static final Instant DAY1 = Instant.parse("2026-11-25T23:45:00Z");

  private Readings() {}

  /** {@code count} readings of {@code serial}, 15 minutes apart from {@code start}. */
  public static List<AcceptedReading> series(String serial, Instant start, int count) {
    List<AcceptedReading> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant ts = start.plus(Duration.ofMinutes(15L * i));
      out.add(new AcceptedReading(new Reading(serial, i, ts, 1000 + i * 0.25, 0.0, 231.5, 4.2, 50.01,
          i % 3 == 0 ? null : 0.97), ts.plusMillis(1500), LOCATION));
    }
    return out;
  }

  public static LakeSettings settings(Path dir, long flushBytes, Duration flushInterval) {
    return settings(dir, flushBytes, flushInterval, false);
  }

  public static LakeSettings settings(Path dir, long flushBytes, Duration flushInterval, boolean byRegion) {
    return new LakeSettings(true, dir, LakeSettings.Target.LOCAL, flushBytes, flushInterval, byRegion, 1, 256L << 20,
        Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1),
        new LakeSettings.S3("", "", "us-east-1", Optional.empty(), true, true),
        new LakeSettings.Query(1000, Duration.ofSeconds(20), 1, 256L << 20, 1, 4));
  }
}
