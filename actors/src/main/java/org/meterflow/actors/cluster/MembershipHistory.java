package org.meterflow.actors.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Keeps the latest membership changes this node observes (joined, up, unreachable, reachable
 * again, downed, removed, left …), in a ring of a fixed size, and when it saw each member become
 * Up. Subscribed to the cluster's member and reachability events from its start; the members that
 * are already there when it subscribes arrive as events too (typed subscriptions replay the
 * current state), so it must start early: {@link ClusterView#start} spawns it at platform start.
 */
public final class MembershipHistory {

  public sealed interface Command {}

  /** Asks for the history; answered with {@link History}. */
  public record Get(ActorRef<History> replyTo) implements Command {}

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Command {}

  /**
   * @param changes newest first, at most the ring's size
   * @param upSince when this node saw each current member (by address) become Up
   */
  public record History(List<MembershipChange> changes, Map<String, Instant> upSince) {}

  private final int size;
  private final ClusterViewSettings.Downing downing;
  private final Clock clock;
  private final Deque<MembershipChange> ring;
  private final Map<String, Instant> upSince = new HashMap<>();

  private MembershipHistory(int size, ClusterViewSettings.Downing downing, Clock clock) {
    this.size = size;
    this.downing = downing;
    this.clock = clock;
    this.ring = new ArrayDeque<>(size);
  }

  public static Behavior<Command> create(int size, ClusterViewSettings.Downing downing, Clock clock) {
    return Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new),
          ClusterEvent.ReachabilityEvent.class));
      return new MembershipHistory(size, downing, clock).behavior();
    });
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(MemberChanged.class, m -> {
          onMember(m.event());
          return Behaviors.same();
        })
        .onMessage(ReachabilityChanged.class, r -> {
          ClusterEvent.ReachabilityEvent e = r.event();
          add(e instanceof ClusterEvent.UnreachableMember ? "unreachable"
              : e instanceof ClusterEvent.ReachableMember ? "reachable" : name(e), e.member(), null, null);
          return Behaviors.same();
        })
        .onMessage(Get.class, g -> {
          List<MembershipChange> newestFirst = new ArrayList<>(ring);
          Collections.reverse(newestFirst);
          g.replyTo().tell(new History(List.copyOf(newestFirst), Map.copyOf(upSince)));
          return Behaviors.same();
        })
        .build();
  }

  private void onMember(ClusterEvent.MemberEvent e) {
    Member m = e.member();
    if (e instanceof ClusterEvent.MemberUp) {
      upSince.putIfAbsent(m.address().toString(), clock.instant());
      add("up", m, null, null);
    } else if (e instanceof ClusterEvent.MemberJoined) {
      add("joined", m, null, null);
    } else if (e instanceof ClusterEvent.MemberWeaklyUp) {
      add("weakly-up", m, null, null);
    } else if (e instanceof ClusterEvent.MemberLeft) {
      add("left", m, null, null);
    } else if (e instanceof ClusterEvent.MemberExited) {
      add("exited", m, null, null);
    } else if (e instanceof ClusterEvent.MemberDowned) {
      add("downed", m, null, downing.by());
    } else if (e instanceof ClusterEvent.MemberRemoved removed) {
      upSince.remove(m.address().toString());
      add("removed", m, removed.previousStatus().toString(), null);
    } else {
      add(name(e), m, null, null);
    }
  }

  private void add(String change, Member m, String previousStatus, String by) {
    if (ring.size() == size) {
      ring.removeFirst();
    }
    ring.addLast(new MembershipChange(clock.instant(), change, m.address().toString(), ClusterView.nodeName(m),
        previousStatus, by));
  }

  /** MemberPreparingForShutdown → preparing-for-shutdown. */
  private static String name(Object event) {
    String simple = event.getClass().getSimpleName().replaceFirst("^Member", "");
    return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
