package org.meterflow.model.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AreaOutageAggregatorTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final Duration LIMIT = OutageSettings.defaults().silenceLimit();

  private final AreaOutageAggregator aggregator = new AreaOutageAggregator(OutageSettings.defaults());

  private static Map<String, Instant> dt(int meters, Instant seen) {
    Map<String, Instant> m = new HashMap<>();
    for (int i = 1; i <= meters; i++) {
      m.put(String.format("M%02d", i), seen.plusSeconds(i * 30L));
    }
    return m;
  }

  @Test
  void aWholeSilentDtRaisesOneEventLinkingAllMetersAndClearsWhenTheyReturn() {
    Map<String, Instant> seen = dt(20, T0);
    AreaOutageState s = AreaOutageState.idle("DT-7");
    Instant now = T0.plus(LIMIT).plusSeconds(20 * 30 + 1);
    AreaOutageAggregator.Outcome o = aggregator.evaluate(s, seen, now);
    assertThat(o.raised()).isNotNull();
    assertThat(o.raised().type()).isEqualTo(EventType.AREA_OUTAGE);
    assertThat(o.raised().area()).isEqualTo("DT-7");
    assertThat(o.raised().meter()).isNull();
    assertThat(o.raised().linkedMeters()).hasSize(20).first().isEqualTo("M01");
    s = o.state();
    assertThat(s.links("M05")).isTrue();
    for (int minute = 1; minute <= 120; minute++) {
      o = aggregator.evaluate(s, seen, now.plusSeconds(minute * 60L));
      assertThat(o.raised()).as("one event, not a storm").isNull();
      assertThat(o.cleared()).isNull();
      s = o.state();
    }
    Instant back = now.plusSeconds(7300);
    for (int i = 1; i <= 10; i++) {
      seen.put(String.format("M%02d", i), back);
    }
    assertThat(aggregator.evaluate(s, seen, back).cleared()).as("10 of 20 still silent: 50 %").isNull();
    seen.put("M11", back);
    o = aggregator.evaluate(s, seen, back);
    assertThat(o.cleared()).isNotNull();
    assertThat(o.cleared().clearedAt()).isEqualTo(back);
    assertThat(o.state().open()).isNull();
  }

  @Test
  void exactlyTheSilenceLimitIsNotYetSilent() {
    Map<String, Instant> seen = Map.of("A", T0, "B", T0);
    assertThat(aggregator.evaluate(AreaOutageState.idle("DT"), seen, T0.plus(LIMIT)).raised()).isNull();
    assertThat(aggregator.evaluate(AreaOutageState.idle("DT"), seen, T0.plus(LIMIT).plusMillis(1)).raised()).isNotNull();
  }

  @Test
  void shareAndCountThresholds() {
    Instant now = T0.plus(LIMIT).plusSeconds(60);
    Map<String, Instant> seen = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      seen.put("M" + i, i < 4 ? T0 : now);
    }
    assertThat(aggregator.evaluate(AreaOutageState.idle("DT"), seen, now).raised()).as("40 %").isNull();
    seen.put("M4", T0);
    assertThat(aggregator.evaluate(AreaOutageState.idle("DT"), seen, now).raised()).as("50 %").isNotNull();
    Map<String, Instant> lone = Map.of("A", T0);
    assertThat(aggregator.evaluate(AreaOutageState.idle("DT"), lone, now).raised())
        .as("one silent meter is its own outage, not an area's").isNull();
  }

  @Test
  void metersSilentAtUnrelatedTimesDoNotMakeAnAreaOutage() {
    Instant now = T0.plus(Duration.ofDays(2));
    Map<String, Instant> seen = new HashMap<>();
    seen.put("A", T0);
    seen.put("B", T0.plus(Duration.ofHours(5)));
    seen.put("C", T0.plus(Duration.ofHours(10)));
    seen.put("D", now);
    assertThat(aggregator.evaluate(AreaOutageState.idle("DT"), seen, now).raised()).isNull();
  }

  @Test
  void latecomersJoinTheOpenEventAndNeverSeenMetersAreNotSilent() {
    Instant now = T0.plus(LIMIT).plusSeconds(1);
    Map<String, Instant> seen = new HashMap<>();
    seen.put("A", T0);
    seen.put("B", T0);
    seen.put("C", T0.plusSeconds(600));
    seen.put("D", null);
    AreaOutageAggregator.Outcome o = aggregator.evaluate(AreaOutageState.idle("DT"), seen, now);
    assertThat(o.raised().linkedMeters()).containsExactly("A", "B");
    o = aggregator.evaluate(o.state(), seen, now.plusSeconds(600));
    assertThat(o.raised()).isNull();
    assertThat(o.state().open().linkedMeters()).containsExactly("A", "B", "C");
  }
}
