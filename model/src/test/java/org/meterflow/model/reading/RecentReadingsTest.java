package org.meterflow.model.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentReadingsTest {

  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

  private static Reading at(long seq, Instant ts) {
    return new Reading("M1", seq, ts, seq, 0, 230, 1, 50, null);
  }

  @Test
  void remembersTheLastWindowByTimestampOrSeqAndForgetsOlder() {
    RecentReadings recent = RecentReadings.empty();
    for (int i = 0; i < 40; i++) {
      recent = recent.with(at(i, T0.plus(Duration.ofMinutes(15L * i))));
    }
    assertThat(recent.size()).isEqualTo(RecentReadings.WINDOW);
    assertThat(recent.newest()).get().extracting(Reading::seq).isEqualTo(39L);
    // The last 32 (seq 8..39) are remembered, by timestamp alone and by seq alone.
    assertThat(recent.contains(at(999, T0.plus(Duration.ofMinutes(15L * 8))))).isTrue();
    assertThat(recent.contains(at(8, T0.minus(Duration.ofDays(1))))).isTrue();
    assertThat(recent.contains(at(39, T0.plus(Duration.ofDays(30))))).isTrue();
    // Seq 7 dropped out; a new timestamp and seq are not duplicates.
    assertThat(recent.contains(at(7, T0.plus(Duration.ofMinutes(15L * 7))))).isFalse();
    assertThat(recent.contains(at(40, T0.plus(Duration.ofMinutes(15L * 40))))).isFalse();
  }

  @Test
  void tellsAnExactCopyFromAConflictingDuplicate() {
    Reading first = at(1, T0);
    RecentReadings recent = RecentReadings.of(first).with(at(2, T0.plusSeconds(900)));
    assertThat(recent.match(at(1, T0))).isEqualTo(RecentReadings.Match.IDENTICAL);
    assertThat(recent.match(new Reading("M1", 1, T0, 1.5, 0, 230, 1, 50, null)))
        .as("same ts and seq, other register").isEqualTo(RecentReadings.Match.CONFLICTING);
    assertThat(recent.match(at(2, T0))).as("ts of one, seq of another").isEqualTo(RecentReadings.Match.CONFLICTING);
    assertThat(recent.match(at(3, T0.plusSeconds(1800)))).isEqualTo(RecentReadings.Match.NONE);
  }

  @Test
  void anOlderLateReadingIsRememberedWithoutBecomingTheNewest() {
    RecentReadings recent = RecentReadings.of(at(10, T0.plus(Duration.ofHours(10))));
    recent = recent.with(at(3, T0.plus(Duration.ofHours(3))));
    assertThat(recent.newest()).get().extracting(Reading::seq).isEqualTo(10L);
    assertThat(recent.contains(at(77, T0.plus(Duration.ofHours(3))))).isTrue();
    assertThat(recent.contains(at(3, T0))).isTrue();
    // A newer reading re-bases the window; earlier pairs still match.
    recent = recent.with(at(11, T0.plus(Duration.ofHours(11))));
    assertThat(recent.contains(at(77, T0.plus(Duration.ofHours(3))))).isTrue();
    assertThat(recent.contains(at(10, T0))).isTrue();
  }

  @Test
  void pairsTooFarToPackMatchNothingInsteadOfWrappingAround() {
    long twoToThe32 = 1L << 32;
    RecentReadings recent = RecentReadings.of(at(5, T0));
    // 60 days later and 2^32 seqs further: the old pair no longer fits an int.
    recent = recent.with(at(5 + twoToThe32, T0.plus(Duration.ofDays(60))));
    assertThat(recent.contains(at(5, T0))).isFalse();
    assertThat(recent.contains(at(5 + twoToThe32, T0.plus(Duration.ofDays(61))))).isTrue();
    // A wrapped-around offset must not alias a remembered one.
    assertThat(recent.contains(at(5 + 2 * twoToThe32, T0.plus(Duration.ofDays(120))))).isFalse();
  }
}
