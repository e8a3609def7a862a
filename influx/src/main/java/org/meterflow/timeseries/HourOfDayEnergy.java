package org.meterflow.timeseries;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Imported energy by local hour of day, summed from a stream of register readings, for stores
 * whose query language cannot pair consecutive readings itself (InfluxQL has no {@code lag()}).
 * The rules are those of QuestDB's {@code lag()} query in {@code QuestDbRegisterBoundaries}:
 *
 * <ul>
 *   <li>an interval joins two consecutive readings of one meter (the first reading handed in has
 *       no predecessor, whatever lies before the window queried);
 *   <li>its energy is the register difference, negative ones (a register reset) included;
 *   <li>it counts in the local hour (in {@code zone}) at which it <em>starts</em>;
 *   <li>it is left out when its whole seconds (the length truncated to the second, as
 *       {@code datediff('s', …)}) exceed {@code maxInterval}'s whole seconds;
 *   <li>a meter without a counted interval is absent from {@link #sums()}.
 * </ul>
 *
 * Readings must arrive meter by meter (each meter's readings together), oldest first; a reading
 * at the same instant as its predecessor is the same reading (stores key readings by serial and
 * time) and is skipped. Not thread-safe; memory is 24 doubles per meter with a counted interval.
 */
public final class HourOfDayEnergy {

  private static final int SECONDS_PER_DAY = 86_400;
  private static final int SECONDS_PER_HOUR = 3_600;

  private final ZoneRules zone;
  private final long maxSeconds;
  private final Map<String, double[]> sums = new HashMap<>();
  private String serial;
  private long previousMs;
  private double previousKwh;

  public HourOfDayEnergy(ZoneId zone, Duration maxInterval) {
    this.zone = Objects.requireNonNull(zone, "zone").getRules();
    this.maxSeconds = Objects.requireNonNull(maxInterval, "maxInterval").toSeconds();
  }

  /** The next reading: meter {@code serial}'s import register {@code importKwh} at {@code epochMs}. */
  public void reading(String serial, long epochMs, double importKwh) {
    if (!serial.equals(this.serial)) {
      this.serial = serial;
    } else if (epochMs != previousMs) {
      long lengthMs = epochMs - previousMs;
      if (lengthMs / 1000 <= maxSeconds) {
        sums.computeIfAbsent(serial, k -> new double[24])[localHour(previousMs)] += importKwh - previousKwh;
      }
    } else {
      return;
    }
    previousMs = epochMs;
    previousKwh = importKwh;
  }

  /** Per meter, the kWh of the intervals starting in each local hour 0..23. */
  public Map<String, double[]> sums() {
    return sums;
  }

  /** The local hour of day at {@code epochMs}: the zone's offset at that instant, then the time of day. */
  int localHour(long epochMs) {
    long seconds = Math.floorDiv(epochMs, 1000);
    int offset = zone.isFixedOffset() ? zone.getOffset(Instant.EPOCH).getTotalSeconds()
        : zone.getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
    return Math.floorMod(seconds + offset, SECONDS_PER_DAY) / SECONDS_PER_HOUR;
  }
}
