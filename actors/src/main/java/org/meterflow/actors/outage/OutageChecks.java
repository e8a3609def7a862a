package org.meterflow.actors.outage;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.meterflow.actors.CborSerializable;

/**
 * Runs the outage checks once per cluster. The checker is a cluster singleton ({@value #SINGLETON})
 * that checks every {@code checkEvery} with its node's {@link OutageMonitor}; every node (its own
 * included) reports the meters its ingest heard from every {@code reportEvery}. A checker that
 * starts (first start, or taking over from a node that left or died) first asks every node for all
 * it knows and waits two report intervals, so no meter looks silent only because it sends to
 * another node (alone in the cluster, it checks at once). On one node all of this stays in the one JVM.
 */
public final class OutageChecks {

  /** The singleton's name. */
  public static final String SINGLETON = "outage-monitor";
  static final String TOPIC = "meterflow-outage-reports";

  /** What the checker receives. */
  public sealed interface Command extends CborSerializable permits Check, Seen {}

  /** Time for a check (its own timer). */
  public enum Check implements Command { INSTANCE }

  /** Meters a node's ingest heard from, and when. */
  public record Seen(Map<String, Instant> lastSeen) implements Command {}

  /** What each node's reporter receives. */
  public sealed interface Report extends CborSerializable permits ReportDue, ReportAll {}

  /** Time to report what was heard since the last report (its own timer). */
  public enum ReportDue implements Report { INSTANCE }

  /** A checker just started: report everything this node knows. */
  public record ReportAll(String checker) implements Report {}

  private OutageChecks() {}

  /**
   * Starts this node's reporter and the checker singleton (it runs on one node of the cluster).
   *
   * @return the reporter (stopped with the actor system)
   */
  public static ActorRef<Report> start(ActorSystem<?> system, OutageMonitor monitor, Duration checkEvery,
      Duration reportEvery) {
    ActorRef<Topic.Command<ReportAll>> topic =
        system.systemActorOf(Topic.create(ReportAll.class, TOPIC), "outage-reports-topic", Props.empty());
    ActorRef<Command> checker = ClusterSingleton.get(system).init(SingletonActor.of(Behaviors.supervise(
        checker(monitor, topic, checkEvery, reportEvery)).onFailure(SupervisorStrategy.restart()), SINGLETON));
    ActorRef<Report> reporter = system.systemActorOf(reporter(monitor, checker, reportEvery), "outage-reporter",
        Props.empty());
    topic.tell(Topic.subscribe(reporter.unsafeUpcast()));
    return reporter;
  }

  private static Behavior<Command> checker(OutageMonitor monitor, ActorRef<Topic.Command<ReportAll>> topic,
      Duration checkEvery, Duration reportEvery) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      topic.tell(Topic.publish(new ReportAll(context.getSelf().path().toString())));
      // alone in the cluster this node's monitor heard everything already
      boolean alone = java.util.stream.StreamSupport.stream(
          Cluster.get(context.getSystem()).state().getMembers().spliterator(), false).count() <= 1;
      Duration settle = alone ? Duration.ZERO : reportEvery.multipliedBy(2);
      timers.startTimerAtFixedRate(Check.INSTANCE, settle.compareTo(checkEvery) > 0 ? settle : checkEvery,
          checkEvery);
      return Behaviors.receive(Command.class)
          .onMessage(Seen.class, seen -> {
            monitor.seenElsewhere(seen.lastSeen());
            return Behaviors.same();
          })
          .onMessage(Check.class, check -> {
            monitor.check();
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static Behavior<Report> reporter(OutageMonitor monitor, ActorRef<Command> checker, Duration reportEvery) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerAtFixedRate(ReportDue.INSTANCE, reportEvery);
      return Behaviors.receive(Report.class)
          .onMessage(ReportDue.class, due -> {
            Map<String, Instant> recent = monitor.drainRecent();
            if (!recent.isEmpty()) {
              checker.tell(new Seen(recent));
            }
            return Behaviors.same();
          })
          .onMessage(ReportAll.class, all -> {
            checker.tell(new Seen(monitor.lastSeen()));
            return Behaviors.same();
          })
          .build();
    });
  }
}
