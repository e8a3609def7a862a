package org.meterflow.model.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:15:00Z");
  private final ReadingValidator validator = new ReadingValidator(ValidationLimits.defaults());

  private static Reading reading(long seq, Instant ts, double kwh, double volts, double amps, double hz) {
    return new Reading("M1", seq, ts, kwh, 0.0, volts, amps, hz, 0.97);
  }

  private Verdict judge(Reading r, RecentReadings recent) {
    return validator.judge(r, recent, NOW, true);
  }

  private static RejectionReason reason(Verdict v) {
    return v instanceof Verdict.Rejected r ? r.reason() : null;
  }

  @Test
  void plausibleReadingIsAccepted() {
    assertThat(judge(reading(1, NOW, 10, 231, 4, 50.01), RecentReadings.empty())).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void nanAndRangesAreRejectedWithTheirReason() {
    assertThat(reason(judge(reading(1, NOW, Double.NaN, 231, 4, 50), RecentReadings.empty()))).isEqualTo(RejectionReason.NOT_A_NUMBER);
    assertThat(reason(judge(reading(1, NOW, -1, 231, 4, 50), RecentReadings.empty()))).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(reason(judge(reading(1, NOW, 1, 501, 4, 50), RecentReadings.empty()))).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(reason(judge(reading(1, NOW, 1, 231, 4, 39.9), RecentReadings.empty()))).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(reason(judge(reading(-1, NOW, 1, 231, 4, 50), RecentReadings.empty()))).isEqualTo(RejectionReason.OUT_OF_RANGE);
  }

  @Test
  void interruptionWithZeroVoltageMayReadZeroFrequency() {
    assertThat(judge(reading(1, NOW, 1, 0.0, 0, 0.0), RecentReadings.empty())).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void timestampWindowIsEnforcedAtItsEdges() {
    Instant edgeAhead = NOW.plus(Duration.ofMinutes(5));
    assertThat(judge(reading(1, edgeAhead, 1, 231, 4, 50), RecentReadings.empty())).isEqualTo(Verdict.ACCEPTED);
    assertThat(reason(judge(reading(1, edgeAhead.plusMillis(1), 1, 231, 4, 50), RecentReadings.empty())))
        .isEqualTo(RejectionReason.FUTURE_TIMESTAMP);
    Instant edgeOld = NOW.minus(Duration.ofDays(7));
    assertThat(judge(reading(1, edgeOld, 1, 231, 4, 50), RecentReadings.empty())).isEqualTo(Verdict.ACCEPTED);
    assertThat(reason(judge(reading(1, edgeOld.minusMillis(1), 1, 231, 4, 50), RecentReadings.empty())))
        .isEqualTo(RejectionReason.TOO_OLD);
    assertThat(validator.judge(reading(1, edgeOld.minusSeconds(3600), 1, 231, 4, 50), RecentReadings.empty(), NOW, false))
        .as("historical import skips the live window").isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void sameTimestampOrSequenceIsADuplicate() {
    Reading first = reading(7, NOW.minusSeconds(900), 10, 231, 4, 50);
    RecentReadings recent = RecentReadings.of(first);
    assertThat(judge(first, recent)).as("an exact copy is a redelivery").isEqualTo(Verdict.REDELIVERED);
    assertThat(judge(reading(7, NOW.minusSeconds(900), 10.2, 231, 4, 50), recent))
        .as("same ts and seq, other values: a conflicting duplicate").isEqualTo(Verdict.DUPLICATE);
    assertThat(judge(reading(7, NOW, 10.1, 231, 4, 50), recent)).isEqualTo(Verdict.DUPLICATE);
    assertThat(judge(reading(8, NOW.minusSeconds(900), 10.1, 231, 4, 50), recent)).isEqualTo(Verdict.DUPLICATE);
    assertThat(judge(reading(8, NOW, 10.1, 231, 4, 50), recent)).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void registerRunningBackwardsIsRejected() {
    RecentReadings recent = RecentReadings.of(reading(1, NOW.minusSeconds(900), 10.0, 231, 4, 50));
    assertThat(reason(judge(reading(2, NOW, 9.999, 231, 4, 50), recent))).isEqualTo(RejectionReason.REGISTER_BACKWARDS);
  }

  @Test
  void energyJumpIsBoundedByVoltageTimesRatedCurrentTimesTime() {
    Instant t0 = NOW.minusSeconds(3600);
    RecentReadings recent = RecentReadings.of(reading(1, t0, 100.0, 230, 4, 50));
    // One hour at 230 V x 100 A is 23 kWh (+0.01 kWh slack).
    assertThat(judge(reading(2, NOW, 123.0, 230, 4, 50), recent)).isEqualTo(Verdict.ACCEPTED);
    assertThat(reason(judge(reading(2, NOW, 123.02, 230, 4, 50), recent))).isEqualTo(RejectionReason.IMPLAUSIBLE_JUMP);
  }

  @Test
  void windowRemembersOnlyTheLastReadings() {
    RecentReadings recent = RecentReadings.empty();
    for (int i = 0; i < RecentReadings.WINDOW + 5; i++) {
      recent = recent.with(reading(i, NOW.minusSeconds(10_000 - i), i, 231, 4, 50));
    }
    assertThat(recent.size()).isEqualTo(RecentReadings.WINDOW);
    assertThat(recent.newest().orElseThrow().seq()).isEqualTo(RecentReadings.WINDOW + 4);
  }
}
