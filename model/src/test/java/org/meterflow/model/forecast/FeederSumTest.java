package org.meterflow.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeederSumTest {

  private static final Instant T0 = Instant.parse("2013-01-01T00:00:00Z");
  private static final Duration HH = Duration.ofMinutes(30);
  private static final double NAN = Double.NaN;

  @Test
  void sumsByTimestampAndMarksAGapInsideAMembersSpanMissing() {
    LoadSeries a = LoadSeries.of(T0, HH, new double[] {1, 2, 3, 4});
    LoadSeries b = LoadSeries.of(T0.plus(HH), HH, new double[] {10, NAN, 30, 40});
    LoadSeries sum = FeederSum.of(List.of(a, b));
    assertThat(sum.start()).isEqualTo(T0);
    assertThat(sum.values()).containsExactly(1, 12, NAN, 34, 40);
  }

  @Test
  void aMemberContributesOnlyOverItsOwnSpan() {
    LoadSeries longMember = LoadSeries.of(T0, HH, new double[] {1, 1, 1, 1, 1});
    LoadSeries shortMember = LoadSeries.of(T0, HH, new double[] {NAN, 5, 5, NAN, NAN}); // span = slots 1-2
    assertThat(FeederSum.of(List.of(longMember, shortMember)).values()).containsExactly(1, 6, 6, 1, 1);
  }

  @Test
  void slotsNoMemberCoversAreMissing() {
    LoadSeries a = LoadSeries.of(T0, HH, new double[] {1, 2});
    LoadSeries b = LoadSeries.of(T0.plus(HH.multipliedBy(4)), HH, new double[] {3});
    assertThat(FeederSum.of(List.of(a, b)).values()).containsExactly(1, 2, NAN, NAN, 3);
  }

  @Test
  void rejectsMismatchedGrids() {
    LoadSeries a = LoadSeries.of(T0, HH, new double[] {1});
    assertThatThrownBy(() -> FeederSum.of(List.of(a, LoadSeries.of(T0, Duration.ofHours(1), new double[] {1}))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FeederSum.of(List.of(a, LoadSeries.of(T0.plusSeconds(600), HH, new double[] {1}))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
