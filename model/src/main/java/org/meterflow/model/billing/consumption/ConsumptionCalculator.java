package org.meterflow.model.billing.consumption;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.consumption.ConsumptionSettings.GapPolicy;
import org.meterflow.model.billing.consumption.ConsumptionSettings.TailPolicy;

/**
 * Consumption over a period from a cumulative register series: register at the end minus register
 * at the start, each linearly interpolated at the exact boundary. Missing data never throws and
 * never yields a silent zero: the result is flagged estimated (and partial where the readings stop
 * or start inside the period) with every method recorded. See docs/billing.md.
 *
 * <p>Internally the series is turned into a reconstructed register R(t): the readings themselves
 * (plus, under {@link GapPolicy#FILL_AVERAGE_RATE}, the consumption filled into earlier gaps),
 * linear between readings, extrapolated before the first and after the last reading at the average
 * rate of the available data. The consumption is R(end) − R(start).
 */
public final class ConsumptionCalculator {

  private static final double SECONDS_PER_DAY = 86_400.0;

  private final ConsumptionSettings settings;

  public ConsumptionCalculator(ConsumptionSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Import and export of one meter over {@code period}, in local dates of {@code zone}. */
  public MeterConsumption meter(
      List<RegisterSample> imports, List<RegisterSample> exports, BillingPeriod period, ZoneId zone) {
    Instant start = period.startInstant(zone);
    Instant end = period.endInstant(zone);
    return new MeterConsumption(
        period, register(imports, start, end), exports == null ? null : register(exports, start, end));
  }

  /**
   * One register's consumption over [start, end). {@code series} may be unordered and may extend
   * beyond the period (readings outside the period bracket the boundaries and give the average
   * rate for estimates); readings with the same instant keep the last one.
   */
  public RegisterConsumption register(List<RegisterSample> series, Instant start, Instant end) {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("end " + end + " must be after start " + start);
    }
    Series s = new Series(series);
    double a = seconds(start);
    double b = seconds(end);
    Set<EstimationMethod> methods = EnumSet.noneOf(EstimationMethod.class);
    if (s.n == 0) {
      return noData(start, end, methods);
    }
    BoundaryEvidence startEv = s.at(start, a);
    BoundaryEvidence endEv = s.at(end, b);
    List<DataGap> gaps = s.gapsOverlapping(a, b);
    for (DataGap g : gaps) {
      if (g.method() == EstimationMethod.GAP_FILLED_AVERAGE_RATE) {
        methods.add(g.method());
      }
    }
    if (startEv.estimated()) {
      methods.add(startEv.method());
    }
    if (endEv.estimated()) {
      methods.add(endEv.method());
    }
    double tol = settings.boundaryTolerance().toMillis() / 1000.0;
    boolean partial = s.t[0] - a > tol || b - s.t[s.n - 1] > tol;
    double kwh = endEv.register() - startEv.register();
    return new RegisterConsumption(
        start, end, kwh, !methods.isEmpty(), partial, startEv, endEv, gaps,
        s.coverage(a, b), s.ratePerSecond == null ? null : s.ratePerSecond * SECONDS_PER_DAY, methods);
  }

  private RegisterConsumption noData(Instant start, Instant end, Set<EstimationMethod> methods) {
    Double daily = settings.fallbackDailyKwh();
    EstimationMethod method = daily == null ? EstimationMethod.NO_DATA : EstimationMethod.FALLBACK_AVERAGE_DAILY;
    methods.add(method);
    double days = Duration.between(start, end).toMillis() / 1000.0 / SECONDS_PER_DAY;
    double kwh = daily == null ? 0.0 : daily * days;
    return new RegisterConsumption(
        start, end, kwh, true, true,
        new BoundaryEvidence(start, null, null, null, method),
        new BoundaryEvidence(end, null, null, null, method),
        List.of(), 0.0, daily, methods);
  }

  private static double seconds(Instant i) {
    return i.getEpochSecond() + i.getNano() / 1e9;
  }

  /** The sorted series with its reconstructed register. */
  private final class Series {
    final RegisterSample[] samples;
    final int n;
    final double[] t;
    /** Reconstructed register at each reading (readings plus consumption filled into earlier gaps). */
    final double[] w;
    final boolean[] gapAfter;
    final double[] fill;
    final Double ratePerSecond;
    final double maxGap = settings.maxInternalGap().toMillis() / 1000.0;
    final double tol = settings.boundaryTolerance().toMillis() / 1000.0;

    Series(List<RegisterSample> series) {
      RegisterSample[] sorted = series.toArray(new RegisterSample[0]);
      Arrays.sort(sorted, Comparator.comparing(RegisterSample::ts));
      List<RegisterSample> unique = new ArrayList<>(sorted.length);
      for (RegisterSample r : sorted) {
        if (!unique.isEmpty() && unique.get(unique.size() - 1).ts().equals(r.ts())) {
          unique.set(unique.size() - 1, r);
        } else {
          unique.add(r);
        }
      }
      samples = unique.toArray(new RegisterSample[0]);
      n = samples.length;
      t = new double[n];
      w = new double[n];
      gapAfter = new boolean[Math.max(0, n - 1)];
      fill = new double[Math.max(0, n - 1)];
      for (int i = 0; i < n; i++) {
        t[i] = seconds(samples[i].ts());
      }
      double coveredKwh = 0;
      double coveredSeconds = 0;
      double[] steps = new double[Math.max(0, n - 1)];
      for (int i = 0; i + 1 < n; i++) {
        double dt = t[i + 1] - t[i];
        steps[i] = dt;
        gapAfter[i] = dt > maxGap;
        if (!gapAfter[i]) {
          coveredKwh += samples[i + 1].kwh() - samples[i].kwh();
          coveredSeconds += dt;
        }
      }
      Double fallback = settings.fallbackDailyKwh();
      if (coveredSeconds > 0) {
        ratePerSecond = coveredKwh / coveredSeconds;
      } else {
        ratePerSecond = fallback == null ? null : fallback / SECONDS_PER_DAY;
      }
      double nominalStep = median(steps);
      if (n > 0) {
        w[0] = samples[0].kwh();
      }
      for (int i = 0; i + 1 < n; i++) {
        if (gapAfter[i] && settings.gapPolicy() == GapPolicy.FILL_AVERAGE_RATE && ratePerSecond != null) {
          // the reading after the gap carries its own interval; the rest of the gap lost its data
          fill[i] = ratePerSecond * Math.max(0, steps[i] - Math.min(nominalStep, maxGap));
        }
        w[i + 1] = w[i] + (samples[i + 1].kwh() - samples[i].kwh()) + fill[i];
      }
    }

    private double median(double[] values) {
      if (values.length == 0) {
        return 0;
      }
      double[] c = values.clone();
      Arrays.sort(c);
      return c[c.length / 2];
    }

    /** Index of the last reading at or before x, -1 if none. */
    int floor(double x) {
      int lo = 0;
      int hi = n - 1;
      int found = -1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (t[mid] <= x) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found;
    }

    BoundaryEvidence at(Instant boundary, double x) {
      int i = floor(x);
      if (i >= 0 && t[i] == x) {
        return new BoundaryEvidence(boundary, samples[i], samples[i], w[i], EstimationMethod.EXACT);
      }
      if (i < 0) {
        RegisterSample after = samples[0];
        if (ratePerSecond == null) {
          return new BoundaryEvidence(boundary, null, after, w[0], EstimationMethod.FIRST_REGISTER_CARRIED_BACK);
        }
        double r = w[0] - ratePerSecond * (t[0] - x);
        return new BoundaryEvidence(boundary, null, after, r, EstimationMethod.BACK_EXTRAPOLATED_AVERAGE_DAILY);
      }
      if (i == n - 1) {
        RegisterSample before = samples[i];
        if (ratePerSecond == null || settings.missingTail() == TailPolicy.CARRY_LAST_REGISTER) {
          return new BoundaryEvidence(boundary, before, null, w[i], EstimationMethod.LAST_REGISTER_CARRIED);
        }
        double r = w[i] + ratePerSecond * (x - t[i]);
        return new BoundaryEvidence(boundary, before, null, r, EstimationMethod.EXTRAPOLATED_AVERAGE_DAILY);
      }
      double f = (x - t[i]) / (t[i + 1] - t[i]);
      double r = w[i] + f * (w[i + 1] - w[i]);
      EstimationMethod m;
      if (x - t[i] <= tol && t[i + 1] - x <= tol) {
        m = EstimationMethod.INTERPOLATED;
      } else if (fill.length > i && fill[i] > 0) {
        m = EstimationMethod.GAP_FILLED_AVERAGE_RATE;
      } else {
        m = EstimationMethod.INTERPOLATED_ACROSS_GAP;
      }
      return new BoundaryEvidence(boundary, samples[i], samples[i + 1], r, m);
    }

    List<DataGap> gapsOverlapping(double a, double b) {
      List<DataGap> out = new ArrayList<>();
      for (int i = 0; i + 1 < n; i++) {
        if (gapAfter[i] && t[i] < b && t[i + 1] > a) {
          EstimationMethod m = fill[i] > 0
              ? EstimationMethod.GAP_FILLED_AVERAGE_RATE : EstimationMethod.INTERPOLATED_ACROSS_GAP;
          out.add(new DataGap(samples[i].ts(), samples[i + 1].ts(), fill[i], m));
        }
      }
      return out;
    }

    double coverage(double a, double b) {
      double covered = 0;
      for (int i = 0; i + 1 < n; i++) {
        if (!gapAfter[i]) {
          covered += Math.max(0, Math.min(b, t[i + 1]) - Math.max(a, t[i]));
        }
      }
      return covered / (b - a);
    }
  }
}
