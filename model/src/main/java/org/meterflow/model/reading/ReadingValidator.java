package org.meterflow.model.reading;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The validation rules that need no I/O: physical ranges, the accepted time window,
 * duplicates, registers going backwards and energy jumps that voltage × current × time cannot
 * explain. Parsing problems (malformed JSON, missing or mistyped fields, oversize) are decided
 * by the payload decoder before a {@link Reading} exists.
 */
public final class ReadingValidator {

  private final ValidationLimits limits;

  public ReadingValidator(ValidationLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ValidationLimits limits() {
    return limits;
  }

  /**
   * Judges {@code reading}, received at {@code now}, against the meter's recent readings.
   * {@code checkWindow} false skips the live-window check (historical import).
   */
  public Verdict judge(Reading reading, RecentReadings recent, Instant now, boolean checkWindow) {
    Optional<Verdict.Rejected> invalid = checkValues(reading);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    if (checkWindow) {
      Optional<Verdict.Rejected> late = checkTimeWindow(reading, now);
      if (late.isPresent()) {
        return late.get();
      }
    }
    switch (recent.match(reading)) {
      case IDENTICAL:
        return Verdict.REDELIVERED;
      case CONFLICTING:
        return Verdict.DUPLICATE;
      default:
        break;
    }
    Optional<Reading> previous = recent.newest();
    if (previous.isPresent() && reading.ts().isAfter(previous.get().ts())) {
      Optional<Verdict.Rejected> inconsistent = checkAgainstPrevious(previous.get(), reading);
      if (inconsistent.isPresent()) {
        return inconsistent.get();
      }
    }
    return Verdict.ACCEPTED;
  }

  /** Ranges and NaN, reading by itself. */
  public Optional<Verdict.Rejected> checkValues(Reading r) {
    if (!finite(r.importKwh()) || !finite(r.exportKwh()) || !finite(r.voltage())
        || !finite(r.current()) || !finite(r.frequency())
        || (r.powerFactor() != null && !finite(r.powerFactor()))) {
      return reject(RejectionReason.NOT_A_NUMBER, "a numeric field is NaN or infinite");
    }
    if (r.seq() < 0) {
      return reject(RejectionReason.OUT_OF_RANGE, "seq " + r.seq() + " is negative");
    }
    if (r.importKwh() < 0 || r.importKwh() > limits.maxRegisterKwh()) {
      return reject(RejectionReason.OUT_OF_RANGE, "importKwh " + r.importKwh() + " outside [0, " + limits.maxRegisterKwh() + "]");
    }
    if (r.exportKwh() < 0 || r.exportKwh() > limits.maxRegisterKwh()) {
      return reject(RejectionReason.OUT_OF_RANGE, "exportKwh " + r.exportKwh() + " outside [0, " + limits.maxRegisterKwh() + "]");
    }
    if (r.voltage() < 0 || r.voltage() > limits.maxVoltage()) {
      return reject(RejectionReason.OUT_OF_RANGE, "voltage " + r.voltage() + " V outside [0, " + limits.maxVoltage() + "]");
    }
    if (r.current() < 0 || r.current() > limits.maxCurrent() * 1.5) {
      return reject(RejectionReason.OUT_OF_RANGE, "current " + r.current() + " A outside [0, " + limits.maxCurrent() * 1.5 + "]");
    }
    boolean supplyOn = r.voltage() >= limits.liveVoltage();
    double minFrequency = supplyOn ? limits.minFrequency() : 0.0;
    if (r.frequency() < minFrequency || r.frequency() > limits.maxFrequency()) {
      return reject(RejectionReason.OUT_OF_RANGE, "frequency " + r.frequency() + " Hz outside [" + minFrequency + ", " + limits.maxFrequency() + "]");
    }
    if (r.powerFactor() != null && (r.powerFactor() < -1.0 || r.powerFactor() > 1.0)) {
      return reject(RejectionReason.OUT_OF_RANGE, "powerFactor " + r.powerFactor() + " outside [-1, 1]");
    }
    return Optional.empty();
  }

  /** The live-ingest window: not too far in the future, not too old. */
  public Optional<Verdict.Rejected> checkTimeWindow(Reading r, Instant now) {
    if (r.ts().isAfter(now.plus(limits.maxClockAhead()))) {
      return reject(RejectionReason.FUTURE_TIMESTAMP, "ts " + r.ts() + " is more than " + limits.maxClockAhead() + " ahead of " + now);
    }
    if (r.ts().isBefore(now.minus(limits.maxAge()))) {
      return reject(RejectionReason.TOO_OLD, "ts " + r.ts() + " is older than " + limits.maxAge());
    }
    return Optional.empty();
  }

  /** Registers must not run backwards, and must not advance faster than the service allows. */
  public Optional<Verdict.Rejected> checkAgainstPrevious(Reading previous, Reading current) {
    if (current.importKwh() < previous.importKwh()) {
      return reject(RejectionReason.REGISTER_BACKWARDS,
          "importKwh fell from " + previous.importKwh() + " to " + current.importKwh());
    }
    if (current.exportKwh() < previous.exportKwh()) {
      return reject(RejectionReason.REGISTER_BACKWARDS,
          "exportKwh fell from " + previous.exportKwh() + " to " + current.exportKwh());
    }
    double hours = Duration.between(previous.ts(), current.ts()).toMillis() / 3_600_000.0;
    double volts = Math.max(Math.max(previous.voltage(), current.voltage()), 1.0);
    double maxKwh = volts * limits.maxCurrent() * hours / 1000.0 + limits.jumpSlackKwh();
    double importJump = current.importKwh() - previous.importKwh();
    double exportJump = current.exportKwh() - previous.exportKwh();
    if (importJump > maxKwh || exportJump > maxKwh) {
      return reject(RejectionReason.IMPLAUSIBLE_JUMP, String.format(java.util.Locale.ROOT,
          "register advanced %.3f kWh in %.4f h; at most %.3f kWh possible at %.0f V x %.0f A",
          Math.max(importJump, exportJump), hours, maxKwh, volts, limits.maxCurrent()));
    }
    return Optional.empty();
  }

  private static boolean finite(double v) {
    return !Double.isNaN(v) && !Double.isInfinite(v);
  }

  private static Optional<Verdict.Rejected> reject(RejectionReason reason, String detail) {
    return Optional.of(Verdict.rejected(reason, detail));
  }
}
