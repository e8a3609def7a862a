package org.meterflow.actors.outage;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.meter.QualityEventSink;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.quality.AreaOutageAggregator;
import org.meterflow.model.quality.AreaOutageState;
import org.meterflow.model.quality.OutageSettings;
import org.meterflow.model.reading.AcceptedReading;

/**
 * Outages are silence, so no reading arrives to trigger their detection: this monitor keeps when
 * each meter was last heard from (fed by the ingest after every durable batch) and checks on a
 * timer. A meter silent beyond the limit is told so (its entity raises and journals its outage;
 * its next reading clears it). Meters under one distribution transformer going silent together
 * raise ONE area outage linking them ({@link AreaOutageAggregator}), cleared when they return.
 * Works when a whole region is silent. Area events are derived state: after a restart they are
 * re-derived from silence (meters start "last seen" at the platform's start).
 *
 * <p>Every node has one, fed by its own ingest; the checks run on one node of the cluster
 * ({@link OutageChecks}), whose monitor also hears what the other nodes' ingests saw, so a DT whose
 * meters send to three nodes raises one area outage.
 */
public final class OutageMonitor {

  private final OutageSettings settings;
  private final AreaOutageAggregator aggregator;
  private final ClusterSharding sharding;
  private final QualityEventSink sink;
  private final Clock clock;
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
  /** Heard from since the last {@link #drainRecent()}: what this node reports to the cluster's checker. */
  private final Map<String, Instant> recent = new ConcurrentHashMap<>();
  private final Map<String, MeterRegistration> members = new ConcurrentHashMap<>();
  /** Only touched by the timer's single check at a time. */
  private final Map<String, AreaOutageState> areas = new HashMap<>();

  public OutageMonitor(ActorSystem<?> system, OutageSettings settings, QualityEventSink sink, Clock clock) {
    this.settings = settings;
    this.aggregator = new AreaOutageAggregator(settings);
    this.sharding = ClusterSharding.get(system);
    this.sink = sink;
    this.clock = clock;
  }

  /** The {@code meterflow.outage} block. */
  public static OutageSettings settingsFrom(Config c) {
    return new OutageSettings(c.getDuration("expected-interval"), c.getInt("missed-intervals"),
        c.getInt("area-min-meters"), c.getDouble("area-min-share"), c.getDuration("area-window"));
  }

  /** Watches a registered meter; until it is heard from, it counts as seen at {@code since}. */
  public void track(MeterRegistration meter, Instant since) {
    members.put(meter.serial(), meter);
    lastSeen.putIfAbsent(meter.serial(), since);
  }

  /** Stops watching (suspended or decommissioned meters are not outages). */
  public void untrack(String serial) {
    members.remove(serial);
    lastSeen.remove(serial);
  }

  /** Readings just stored: their meters are alive now. */
  public void seen(List<AcceptedReading> batch) {
    String previous = null;
    Instant previousAt = null;
    for (AcceptedReading r : batch) {
      // A message's readings of one meter come together with one receipt time: look once.
      if (r.serial().equals(previous) && r.receivedAt().equals(previousAt)) {
        continue;
      }
      previous = r.serial();
      previousAt = r.receivedAt();
      if (members.containsKey(r.serial())) {
        lastSeen.merge(r.serial(), r.receivedAt(), OutageMonitor::later);
        recent.merge(r.serial(), r.receivedAt(), OutageMonitor::later);
      }
    }
  }

  /** When meters were heard from on other nodes of the cluster (their ingest's reports). */
  public void seenElsewhere(Map<String, Instant> seen) {
    seen.forEach((serial, at) -> {
      if (members.containsKey(serial)) {
        lastSeen.merge(serial, at, OutageMonitor::later);
      }
    });
  }

  /** The meters heard from on this node since the last call, and when (then forgotten). */
  public Map<String, Instant> drainRecent() {
    Map<String, Instant> out = new HashMap<>();
    for (String serial : List.copyOf(recent.keySet())) {
      Instant at = recent.remove(serial);
      if (at != null) {
        out.put(serial, at);
      }
    }
    return out;
  }

  /** When every watched meter was last heard from on this node (for a checker that just started). */
  public Map<String, Instant> lastSeen() {
    return Map.copyOf(lastSeen);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }


  /** One check at the clock's now (public for tests that drive time themselves). */
  public synchronized void check() {
    Instant now = clock.instant();
    Duration limit = settings.silenceLimit();
    Map<String, Map<String, Instant>> byArea = new HashMap<>();
    lastSeen.forEach((serial, seen) -> {
      MeterRegistration meter = members.get(serial);
      if (meter == null) {
        return;
      }
      if (Duration.between(seen, now).compareTo(limit) > 0) {
        sharding.entityRefFor(MeterEntity.ENTITY_KEY, serial).tell(new MeterEntity.CheckSilence(now));
      }
      byArea.computeIfAbsent(areaOf(meter), a -> new HashMap<>()).put(serial, seen);
    });
    byArea.forEach((area, seen) -> {
      AreaOutageAggregator.Outcome outcome = aggregator.evaluate(
          areas.getOrDefault(area, AreaOutageState.idle(area)), seen, now);
      areas.put(area, outcome.state());
      MeterRegistration anyMember = members.get(seen.keySet().iterator().next());
      if (outcome.raised() != null) {
        sink.publish(outcome.raised(), anyMember);
      }
      if (outcome.cleared() != null) {
        sink.publish(outcome.cleared(), anyMember);
      }
    });
  }

  /** Distribution transformers are named within their feeder and region. */
  static String areaOf(MeterRegistration m) {
    return m.region() + "/" + m.feeder() + "/" + m.dt();
  }
}
