package org.meterflow.model.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.meterflow.model.reading.Reading;

/**
 * The per-meter event detector: {@link #step} a reading, {@link #tick} the clock. Covers the
 * power-quality events (sag, swell, interruption, undervoltage, overvoltage, frequency), the
 * per-meter outage and the reading-based tamper rules (register rollback, reverse energy on a
 * meter that is not net-metered, current without energy advance). Stateless: all state is in
 * {@link MeterQualityState}. Conventions are in the package doc.
 */
public final class MeterQualityDetector {

  private final QualitySettings quality;
  private final TamperSettings tamper;
  private final OutageSettings outage;
  private final PowerQualityClassifier classifier;

  public MeterQualityDetector(QualitySettings quality, TamperSettings tamper, OutageSettings outage) {
    this.quality = Objects.requireNonNull(quality, "quality");
    this.tamper = Objects.requireNonNull(tamper, "tamper");
    this.outage = Objects.requireNonNull(outage, "outage");
    this.classifier = new PowerQualityClassifier(quality);
  }

  public static MeterQualityDetector withDefaults() {
    return new MeterQualityDetector(QualitySettings.defaults(), TamperSettings.defaults(), OutageSettings.defaults());
  }

  static String key(EventType type, TamperCause cause) {
    return cause == null ? type.code() : type.code() + ":" + cause.code();
  }

  /**
   * Applies one accepted reading of this meter. A reading not newer than the last one seen is
   * ignored (nothing raised or cleared, state unchanged).
   */
  public DetectorStep step(MeterQualityState s, Reading r) {
    MeterProfile p = s.profile();
    if (!p.serial().equals(r.serial())) {
      throw new IllegalArgumentException("reading of " + r.serial() + " fed to the state of " + p.serial());
    }
    if (s.lastTs() != null && !r.ts().isAfter(s.lastTs())) {
      return new DetectorStep(s, List.of(), List.of());
    }
    Work w = new Work(p.serial(), s.open(), r.ts());
    w.clear(key(EventType.OUTAGE, null));

    Classification c = classifier.classify(r.voltage(), r.frequency(), p.nominalVoltage(), p.nominalFrequency());
    double pu = c.voltagePu();
    w.condition(c.band() == VoltageBand.INTERRUPTION, EventType.INTERRUPTION, null, pu, Evidence.of(pu, "pu", ""));
    w.condition(c.band() == VoltageBand.SAG, EventType.SAG, null, pu, Evidence.of(pu, "pu", ""));
    w.condition(c.band() == VoltageBand.SWELL, EventType.SWELL, null, pu, Evidence.of(pu, "pu", ""));
    Run under = extend(c.undervoltageBand(), s.underRun(), pu, "pu", Double.NaN, r.ts());
    w.sustained(held(under, quality.sustainedLongerThan()), EventType.UNDERVOLTAGE, null, under);
    Run over = extend(c.overvoltageBand(), s.overRun(), pu, "pu", Double.NaN, r.ts());
    w.sustained(held(over, quality.sustainedLongerThan()), EventType.OVERVOLTAGE, null, over);
    if (c.band() != VoltageBand.INTERRUPTION) {
      w.condition(c.frequencyDeviation(), EventType.FREQUENCY, null, r.frequency(), Evidence.of(r.frequency(), "Hz", ""));
    }

    double tol = tamper.registerToleranceKwh();
    double highWater = s.importHighWaterKwh();
    w.condition(r.importKwh() < highWater - tol, EventType.TAMPER, TamperCause.REGISTER_ROLLBACK, r.importKwh(),
        new Evidence(r.importKwh(), highWater, "kWh", Duration.ZERO, 1, "import register below its high-water mark"));
    w.condition(!p.netMetered() && r.exportKwh() > s.lastExportKwh() + tol, EventType.TAMPER, TamperCause.REVERSE_ENERGY,
        r.exportKwh(), new Evidence(s.lastExportKwh(), r.exportKwh(), "kWh", Duration.ZERO, 1,
            "export register advancing on a meter that is not net-metered"));
    Run stuck = s.stuckRun();
    boolean flowing = r.current() > tamper.stuckMinCurrentA();
    if (flowing && stuck != null && r.importKwh() <= stuck.baseline() + tol) {
      stuck = stuck.plus(r.current(), r.ts());
    } else {
      stuck = flowing ? Run.start(r.ts(), r.current(), "A", r.importKwh()) : null;
    }
    w.sustained(held(stuck, tamper.stuckLongerThan()), EventType.TAMPER, TamperCause.CURRENT_WITHOUT_ENERGY, stuck);

    MeterQualityState next = new MeterQualityState(p, r.ts(), r.exportKwh(), Math.max(highWater, r.importKwh()),
        under, over, stuck, w.open);
    return new DetectorStep(next, w.raised, w.cleared);
  }

  /**
   * Timer-driven: raises the meter's outage when it has been silent for more than
   * {@link OutageSettings#silenceLimit()} at {@code now} ({@code raisedAt = now}; the note says
   * since when it is silent). The next reading clears it. A meter never heard from is not judged.
   */
  public DetectorStep tick(MeterQualityState s, Instant now) {
    if (s.lastTs() == null) {
      return new DetectorStep(s, List.of(), List.of());
    }
    Duration silent = Duration.between(s.lastTs(), now);
    String key = key(EventType.OUTAGE, null);
    QualityEvent open = s.open().get(key);
    Map<String, QualityEvent> events = new HashMap<>(s.open());
    List<QualityEvent> raised = new ArrayList<>();
    if (open != null) {
      events.put(key, open.withEvidence(open.evidence().withDuration(silent)));
    } else if (silent.compareTo(outage.silenceLimit()) > 0) {
      QualityEvent e = QualityEvent.meterEvent(s.profile().serial(), EventType.OUTAGE, null, now,
          new Evidence(Double.NaN, Double.NaN, "none", silent, 0, "silent since " + s.lastTs()));
      events.put(key, e);
      raised.add(e);
    } else {
      return new DetectorStep(s, List.of(), List.of());
    }
    MeterQualityState next = new MeterQualityState(s.profile(), s.lastTs(), s.lastExportKwh(),
        s.importHighWaterKwh(), s.underRun(), s.overRun(), s.stuckRun(), events);
    return new DetectorStep(next, raised, List.of());
  }

  private static Run extend(boolean inBand, Run run, double value, String unit, double baseline, Instant at) {
    if (!inBand) {
      return null;
    }
    return run == null ? Run.start(at, value, unit, baseline) : run.plus(value, at);
  }

  private static boolean held(Run run, Duration longerThan) {
    return run != null && run.evidence().duration().compareTo(longerThan) > 0;
  }

  /** The mutable scratch of one step; never escapes. */
  private static final class Work {
    final String serial;
    final Map<String, QualityEvent> open;
    final Instant at;
    final List<QualityEvent> raised = new ArrayList<>();
    final List<QualityEvent> cleared = new ArrayList<>();

    Work(String serial, Map<String, QualityEvent> open, Instant at) {
      this.serial = serial;
      this.open = new HashMap<>(open);
      this.at = at;
    }

    /** An instantaneous condition: opens at the first reading in it, extends, clears at the first out. */
    void condition(boolean holds, EventType type, TamperCause cause, double value, Evidence initial) {
      String key = key(type, cause);
      QualityEvent e = open.get(key);
      if (!holds) {
        clear(key);
      } else if (e == null) {
        QualityEvent n = QualityEvent.meterEvent(serial, type, cause == null ? null : cause.code(), at, initial);
        open.put(key, n);
        raised.add(n);
      } else {
        open.put(key, e.withEvidence(e.evidence().plus(value, e.raisedAt(), at)));
      }
    }

    /** A sustained condition: raised (dated at the run's start) once the run has lasted long enough. */
    void sustained(boolean holds, EventType type, TamperCause cause, Run run) {
      String key = key(type, cause);
      QualityEvent e = open.get(key);
      if (!holds) {
        clear(key);
      } else if (e == null) {
        QualityEvent n = QualityEvent.meterEvent(serial, type, cause == null ? null : cause.code(), run.since(), run.evidence());
        open.put(key, n);
        raised.add(n);
      } else {
        open.put(key, e.withEvidence(run.evidence()));
      }
    }

    void clear(String key) {
      QualityEvent e = open.remove(key);
      if (e != null) {
        cleared.add(e.clearedAt(at));
      }
    }
  }
}
