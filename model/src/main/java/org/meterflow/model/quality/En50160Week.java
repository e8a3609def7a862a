package org.meterflow.model.quality;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;
import org.meterflow.model.reading.Reading;

/**
 * Accumulates one meter's readings of one week into 10-min means (intervals aligned on the week's
 * start) and judges them against EN 50160. A mutable accumulator: feed with {@link #add}, read
 * with {@link #result()}. Readings outside {@code [weekStart, weekStart + 7 d)} are ignored.
 * Interval means are plain means of the readings in the interval.
 */
public final class En50160Week {

  private static final Duration WEEK = Duration.ofDays(7);

  private final String serial;
  private final double nominalVoltage;
  private final double nominalFrequency;
  private final Instant weekStart;
  private final En50160Settings settings;
  private final long intervalMs;
  private final double[] sumV;
  private final double[] sumF;
  private final int[] count;

  public En50160Week(MeterProfile meter, Instant weekStart, En50160Settings settings) {
    this.serial = meter.serial();
    this.nominalVoltage = meter.nominalVoltage();
    this.nominalFrequency = meter.nominalFrequency();
    this.weekStart = Objects.requireNonNull(weekStart, "weekStart");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.intervalMs = settings.interval().toMillis();
    int n = (int) (WEEK.toMillis() / intervalMs);
    sumV = new double[n];
    sumF = new double[n];
    count = new int[n];
  }

  /** Monday 00:00 UTC of the week containing {@code t}. */
  public static Instant weekStartOf(Instant t) {
    return t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
  }

  public En50160Week add(Reading r) {
    return add(r.ts(), r.voltage(), r.frequency());
  }

  public En50160Week add(Instant ts, double voltage, double frequency) {
    long offset = ts.toEpochMilli() - weekStart.toEpochMilli();
    if (offset < 0 || offset >= WEEK.toMillis()) {
      return this;
    }
    int i = (int) (offset / intervalMs);
    sumV[i] += voltage;
    sumF[i] += frequency;
    count[i]++;
    return this;
  }

  public En50160Result result() {
    long vLow = PerUnit.nano(1 - settings.voltageTolerance());
    long vHigh = PerUnit.nano(1 + settings.voltageTolerance());
    long fLow = PerUnit.nano(1 - settings.frequencyTolerance());
    long fHigh = PerUnit.nano(1 + settings.frequencyTolerance());
    int measured = 0;
    int vIn = 0;
    int fIn = 0;
    double minV = Double.NaN;
    double maxV = Double.NaN;
    double minF = Double.NaN;
    double maxF = Double.NaN;
    for (int i = 0; i < count.length; i++) {
      if (count[i] == 0) {
        continue;
      }
      measured++;
      double v = sumV[i] / count[i];
      double f = sumF[i] / count[i];
      long vPu = PerUnit.nano(v, nominalVoltage);
      long fPu = PerUnit.nano(f, nominalFrequency);
      if (vPu >= vLow && vPu <= vHigh) {
        vIn++;
      }
      if (fPu >= fLow && fPu <= fHigh) {
        fIn++;
      }
      minV = Double.isNaN(minV) ? v : Math.min(minV, v);
      maxV = Double.isNaN(maxV) ? v : Math.max(maxV, v);
      minF = Double.isNaN(minF) ? f : Math.min(minF, f);
      maxF = Double.isNaN(maxF) ? f : Math.max(maxF, f);
    }
    double vShare = measured == 0 ? Double.NaN : (double) vIn / measured;
    double fShare = measured == 0 ? Double.NaN : (double) fIn / measured;
    return new En50160Result(serial, weekStart, weekStart.plus(WEEK), count.length, measured,
        vIn, vShare, measured > 0 && vShare >= settings.voltageRequiredShare(),
        fIn, fShare, measured > 0 && fShare >= settings.frequencyRequiredShare(),
        minV, maxV, minF, maxF);
  }
}
