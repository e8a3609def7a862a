package org.meterflow.model.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    assertEquals(T0, sum.start());
    assertArrayEquals(new double[] {1, 12, NAN, 34, 40}, sum.values());
  }

  @Test
  void aMemberContributesOnlyOverItsOwnSpan() {
    LoadSeries longMember = LoadSeries.of(T0, HH, new double[] {1, 1, 1, 1, 1});
    LoadSeries shortMember = LoadSeries.of(T0, HH, new double[] {NAN, 5, 5, NAN, NAN}); // span = slots 1-2
    assertArrayEquals(new double[] {1, 6, 6, 1, 1}, FeederSum.of(List.of(longMember, shortMember)).values());
  }

  @Test
  void slotsNoMemberCoversAreMissing() {
    LoadSeries a = LoadSeries.of(T0, HH, new double[] {1, 2});
    LoadSeries b = LoadSeries.of(T0.plus(HH.multipliedBy(4)), HH, new double[] {3});
    assertArrayEquals(new double[] {1, 2, NAN, NAN, 3}, FeederSum.of(List.of(a, b)).values());
  }

  @Test
  void rejectsMismatchedGrids() {
    LoadSeries a = LoadSeries.of(T0, HH, new double[] {1});
    assertThrows(IllegalArgumentException.class,
        () -> FeederSum.of(List.of(a, LoadSeries.of(T0, Duration.ofHours(1), new double[] {1}))));
    assertThrows(IllegalArgumentException.class,
        () -> FeederSum.of(List.of(a, LoadSeries.of(T0.plusSeconds(600), HH, new double[] {1}))));
  }
}
