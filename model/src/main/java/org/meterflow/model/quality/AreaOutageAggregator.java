package org.meterflow.model.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Area outage of one DT or feeder, timer-driven (works when the whole area is silent: no reading
 * is needed to trigger it).
 *
 * <p>At {@code now}, a member is <em>silent</em> when it was seen and
 * {@code now - lastSeen > expectedInterval × missedIntervals}; members never seen are counted in
 * the total but never silent. Silent members "went silent together" when their last-seen
 * instants lie within {@link OutageSettings#areaWindow()} of each other (the largest such group;
 * the earliest on a tie). The rule holds for a group of size {@code k} out of {@code n} members
 * when {@code k >= areaMinMeters} and {@code k >= areaMinShare × n}.
 *
 * <ul>
 *   <li>Raise: no event open and the rule holds → ONE {@code area-outage} event, raisedAt = now,
 *       linking the group's meters.</li>
 *   <li>While open: members that go silent with last-seen within the window of the linked
 *       meters' last-seen range join the linked list (no new event).</li>
 *   <li>Clear: when the linked meters still silent no longer satisfy the rule (clearedAt = now);
 *       those still silent are left to their own per-meter outage events.</li>
 * </ul>
 */
public final class AreaOutageAggregator {

  private final OutageSettings settings;

  public AreaOutageAggregator(OutageSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The outcome of one evaluation. */
  public record Outcome(AreaOutageState state, QualityEvent raised, QualityEvent cleared) {}

  /**
   * @param lastSeen every member meter of the area → the timestamp of its last reading (null
   *                 when never seen)
   */
  public Outcome evaluate(AreaOutageState state, Map<String, Instant> lastSeen, Instant now) {
    int total = lastSeen.size();
    Map<String, Instant> silent = new HashMap<>();
    lastSeen.forEach((serial, seen) -> {
      if (seen != null && Duration.between(seen, now).compareTo(settings.silenceLimit()) > 0) {
        silent.put(serial, seen);
      }
    });
    QualityEvent open = state.open();
    if (open == null) {
      List<String> group = largestGroup(silent);
      if (!holds(group.size(), total)) {
        return new Outcome(state, null, null);
      }
      Instant first = group.stream().map(silent::get).min(Comparator.naturalOrder()).orElseThrow();
      QualityEvent e = new QualityEvent(QualityEvent.idOf(state.area(), EventType.AREA_OUTAGE, null, now),
          EventType.AREA_OUTAGE, null, null, state.area(), now, null,
          new Evidence(Double.NaN, Double.NaN, "none", Duration.between(first, now), group.size(),
              group.size() + " of " + total + " meters silent since " + first),
          group);
      return new Outcome(new AreaOutageState(state.area(), e), e, null);
    }
    List<String> linked = open.linkedMeters();
    long stillSilent = linked.stream().filter(silent::containsKey).count();
    if (!holds((int) stillSilent, total)) {
      QualityEvent c = open.clearedAt(now);
      return new Outcome(AreaOutageState.idle(state.area()), null, c);
    }
    Instant lo = null;
    Instant hi = null;
    for (String m : linked) {
      Instant t = lastSeen.get(m);
      if (t != null) {
        lo = lo == null || t.isBefore(lo) ? t : lo;
        hi = hi == null || t.isAfter(hi) ? t : hi;
      }
    }
    TreeSet<String> joined = new TreeSet<>(linked);
    for (Map.Entry<String, Instant> e : silent.entrySet()) {
      Instant t = e.getValue();
      if (lo != null && !t.isBefore(lo.minus(settings.areaWindow())) && !t.isAfter(hi.plus(settings.areaWindow()))) {
        joined.add(e.getKey());
      }
    }
    Evidence ev = open.evidence();
    Evidence updated = new Evidence(ev.min(), ev.max(), ev.unit(), Duration.between(lo == null ? open.raisedAt() : lo, now),
        joined.size(), ev.note());
    QualityEvent e = open.withLinkedMeters(List.copyOf(joined)).withEvidence(updated);
    return new Outcome(new AreaOutageState(state.area(), e), null, null);
  }

  private boolean holds(int k, int total) {
    return k > 0 && k >= settings.areaMinMeters() && k >= settings.areaMinShare() * total - 1e-9;
  }

  /** The largest group of silent meters whose last-seen instants lie within the window; serials sorted. */
  private List<String> largestGroup(Map<String, Instant> silent) {
    List<Map.Entry<String, Instant>> sorted = new ArrayList<>(silent.entrySet());
    sorted.sort(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    int bestFrom = 0;
    int bestTo = 0;
    int from = 0;
    for (int to = 0; to < sorted.size(); to++) {
      Instant t = sorted.get(to).getValue();
      while (Duration.between(sorted.get(from).getValue(), t).compareTo(settings.areaWindow()) > 0) {
        from++;
      }
      if (to + 1 - from > bestTo - bestFrom) {
        bestFrom = from;
        bestTo = to + 1;
      }
    }
    TreeSet<String> group = new TreeSet<>();
    for (int i = bestFrom; i < bestTo; i++) {
      group.add(sorted.get(i).getKey());
    }
    return List.copyOf(group);
  }
}
