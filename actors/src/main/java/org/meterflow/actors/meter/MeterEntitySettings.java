package org.meterflow.actors.meter;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import org.meterflow.model.quality.MeterQualityDetector;
import org.meterflow.model.quality.OutageSettings;
import org.meterflow.model.quality.QualitySettings;
import org.meterflow.model.quality.TamperSettings;
import org.meterflow.model.reading.ValidationLimits;

/**
 * Settings of the meter entity, from the {@code meterflow.meter} block.
 *
 * @param limits          validation bounds for readings
 * @param checkpointEvery journal a register checkpoint when this much reading time passed since the last
 * @param snapshotEvery   snapshot after this many events
 * @param clock           the platform clock (tests pass a fixed one)
 */
public record MeterEntitySettings(ValidationLimits limits, Duration checkpointEvery, int snapshotEvery, Clock clock,
    MeterQualityDetector detector) {

  public MeterEntitySettings(ValidationLimits limits, Duration checkpointEvery, int snapshotEvery, Clock clock) {
    this(limits, checkpointEvery, snapshotEvery, clock, MeterQualityDetector.withDefaults());
  }

  /** The {@code meterflow.quality} block. */
  public static QualitySettings qualityFrom(Config q) {
    return new QualitySettings(q.getDouble("interruption-below-pu"), q.getDouble("sag-below-pu"),
        q.getDouble("swell-above-pu"), q.getDouble("undervoltage-from-pu"), q.getDouble("overvoltage-up-to-pu"),
        q.getDuration("sustained-longer-than"), q.getDouble("frequency-tolerance"));
  }

  /** The {@code meterflow.tamper} block. */
  public static TamperSettings tamperFrom(Config t) {
    return new TamperSettings(t.getDouble("register-tolerance-kwh"), t.getDouble("stuck-min-current-a"),
        t.getDuration("stuck-longer-than"), t.getInt("cert-failure-threshold"), t.getDuration("cert-failure-window"));
  }

  public static MeterEntitySettings fromConfig(Config meter, QualitySettings quality, TamperSettings tamper,
      OutageSettings outage) {
    Config v = meter.getConfig("validation");
    ValidationLimits limits = new ValidationLimits(
        v.getDouble("max-voltage"),
        v.getDouble("max-current"),
        v.getDouble("min-frequency"),
        v.getDouble("max-frequency"),
        v.getDouble("live-voltage"),
        v.getDouble("max-register-kwh"),
        v.getDuration("max-clock-ahead"),
        v.getDuration("max-age"),
        v.getDouble("jump-slack-kwh"));
    return new MeterEntitySettings(limits, meter.getDuration("checkpoint-every"),
        meter.getInt("snapshot-every"), Clock.systemUTC(),
        new MeterQualityDetector(quality, tamper, outage));
  }

  public MeterEntitySettings withClock(Clock clock) {
    return new MeterEntitySettings(limits, checkpointEvery, snapshotEvery, clock, detector);
  }
}
