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

  /** Noon of 2026-11-26: the 25th has ended (and settled for compaction), the 26th has not. */
  public static final java.time.Clock NOON_NOV_26 = java.time.Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"),
      java.time.ZoneOffset.UTC);

  private Readings() {}

  /** The same settings with the scheduled compaction off (tests run it themselves). */
  public static LakeSettings withoutCompaction(LakeSettings settings) {
    return settings.withCompaction(new LakeSettings.Compaction(false, Duration.ofHours(1), Duration.ofHours(1), 2, 128L << 20));
  }

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

  /** Settings for tests; compaction is off (tests that want it turn it on). */
  public static LakeSettings settings(Path dir, long flushBytes, Duration flushInterval, boolean byRegion) {
    return withoutCompaction(new LakeSettings(true, dir, LakeSettings.Target.LOCAL, flushBytes, flushInterval, byRegion, 1,
        256L << 20, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1),
        new LakeSettings.S3("", "", "us-east-1", Optional.empty(), true, true),
        new LakeSettings.Query(1000, Duration.ofSeconds(20), 1, 256L << 20, 1, 4)));
  }
}
