package org.meterflow.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.meterflow.actors.cluster.ClusterSnapshot.MemberView;

/**
 * Two cluster nodes in one JVM (artery on 127.0.0.1, free ports): the view shows both members with
 * their node names, the entities of each node's shards, the singleton on the oldest node (and a
 * singleton nobody started as not running); when node b dies without leaving, node a's history
 * records it unreachable, downed by the split-brain resolver, then removed.
 */
class ClusterViewTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final EntityTypeKey<String> THING = EntityTypeKey.create(String.class, "Thing");

  private static Config node(String name) {
    return ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.roles = ["node-%s", "ingest"]
        pekko.cluster.jmx.enabled = off
        pekko.cluster.sharding.number-of-shards = 10
        pekko.cluster.failure-detector.heartbeat-interval = 200ms
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 1s
        pekko.cluster.downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
        pekko.cluster.split-brain-resolver.active-strategy = keep-oldest
        pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone = off
        pekko.cluster.split-brain-resolver.stable-after = 1s
        # terminating a node is its death: it does not leave first
        pekko.coordinated-shutdown.run-by-actor-system-terminate = off
        meterflow.cluster {
          view-timeout = 3s
          view-history = 100
          singletons = ["probe", "never-started"]
        }
        """.formatted(name)).withFallback(ConfigFactory.load());
  }

  private static ActorSystem<Void> start(String name) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "meterflow", node(name));
    ClusterSharding.get(system).init(Entity.of(THING, ctx -> Behaviors.receive(String.class)
        .onAnyMessage(m -> Behaviors.same()).build()));
    ClusterSingleton.get(system).init(SingletonActor.of(Behaviors.empty(), "probe"));
    return system;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void showsBothNodesThenRecordsTheDownOfTheOneThatDied() throws Exception {
    ActorSystem<Void> a = ActorSystem.create(Behaviors.empty(), "meterflow", node("a"));
    ActorSystem<Void> b = null;
    try {
      // the views start before the nodes join, as at platform start
      ClusterView viewA = view(a);
      ActorRef<MembershipHistory.Command> small = a.systemActorOf(MembershipHistory.create(3,
          ClusterViewSettings.fromConfig(a.settings().config()).downing(), Clock.systemUTC()), "small-history",
          Props.empty());
      ClusterSharding.get(a).init(Entity.of(THING, ctx -> Behaviors.receive(String.class)
          .onAnyMessage(m -> Behaviors.same()).build()));
      ClusterSingleton.get(a).init(SingletonActor.of(Behaviors.empty(), "probe"));
      Cluster.get(a).manager().tell(Join.create(Cluster.get(a).selfMember().address()));
      awaitUp(a, 1);

      b = start("b");
      ClusterView viewB = view(b);
      Cluster.get(b).manager().tell(Join.create(Cluster.get(a).selfMember().address()));
      awaitUp(a, 2);
      awaitUp(b, 2);
      String addressA = Cluster.get(a).selfMember().address().toString();
      String addressB = Cluster.get(b).selfMember().address().toString();

      for (int i = 0; i < 20; i++) {
        ClusterSharding.get(i % 2 == 0 ? a : b).entityRefFor(THING, "thing-" + i).tell("hello");
      }
      ClusterSnapshot seenByA = await(viewA, s -> s.shards().totalEntities() == 20
          && s.singletons().get(0).running() == Boolean.TRUE);
      assertThat(seenByA.self()).isEqualTo(new ClusterSnapshot.Self(addressA, "a"));
      assertThat(seenByA.members()).extracting(MemberView::node, MemberView::status, MemberView::reachable,
              MemberView::oldest, MemberView::self)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "Up", true, true, true),
              org.assertj.core.groups.Tuple.tuple("b", "Up", true, false, false));
      assertThat(seenByA.members()).allSatisfy(m -> {
        assertThat(m.roles()).contains("ingest", "node-" + m.node());
        assertThat(m.upSince()).isNotNull();
      });
      assertThat(seenByA.shards().entityType()).isEqualTo("Thing");
      assertThat(seenByA.shards().complete()).isTrue();
      assertThat(seenByA.shards().nodes()).extracting(ClusterSnapshot.NodeShards::node).containsExactlyInAnyOrder("a", "b");
      assertThat(seenByA.shards().nodes().stream().mapToLong(ClusterSnapshot.NodeShards::entities).sum()).isEqualTo(20);
      assertThat(seenByA.shards().totalShards()).isBetween(1, 10);
      assertThat(seenByA.singletons()).containsExactly(
          new ClusterSnapshot.SingletonView("probe", addressA, "a", true),
          new ClusterSnapshot.SingletonView("never-started", addressA, "a", false));
      assertThat(seenByA.downing().provider()).isEqualTo("split-brain-resolver");
      assertThat(seenByA.downing().strategy()).isEqualTo("keep-oldest");
      assertThat(seenByA.downing().stableAfter()).isEqualTo("1s");
      assertThat(seenByA.downing().events()).anySatisfy(e -> {
        assertThat(e.change()).isEqualTo("up");
        assertThat(e.node()).isEqualTo("b");
      });

      // b sees the singleton on a, asking a over the network
      ClusterSnapshot seenByB = await(viewB, s -> s.singletons().get(0).running() == Boolean.TRUE);
      assertThat(seenByB.self().node()).isEqualTo("b");
      assertThat(seenByB.singletons().get(0).node()).isEqualTo("a");
      assertThat(seenByB.members()).filteredOn(MemberView::oldest).extracting(MemberView::node).containsExactly("a");

      // b dies without leaving: a finds it unreachable, its resolver downs it, it is removed
      b.terminate();
      b.getWhenTerminated().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      ClusterSnapshot after = await(viewA, s -> s.members().size() == 1
          && s.downing().events().stream().anyMatch(e -> e.change().equals("removed") && e.address().equals(addressB)));
      List<String> aboutB = after.downing().events().stream().filter(e -> e.address().equals(addressB))
          .map(MembershipChange::change).toList();
      assertThat(aboutB).as("changes of b, newest first").containsSubsequence("removed", "downed", "unreachable", "up");
      MembershipChange downed = after.downing().events().stream()
          .filter(e -> e.address().equals(addressB) && e.change().equals("downed")).findFirst().orElseThrow();
      assertThat(downed.by()).isEqualTo("split-brain-resolver (keep-oldest, stable-after 1s)");
      assertThat(downed.node()).isEqualTo("b");
      assertThat(after.downing().events()).filteredOn(e -> e.change().equals("removed")).singleElement()
          .satisfies(e -> assertThat(e.previousStatus()).isEqualTo("Down"));
      assertThat(after.members()).singleElement().satisfies(m -> assertThat(m.node()).isEqualTo("a"));

      // a ring of three keeps the three newest changes only
      MembershipHistory.History three = AskPattern.<MembershipHistory.Command, MembershipHistory.History>ask(small,
          MembershipHistory.Get::new, WAIT, a.scheduler()).toCompletableFuture().get();
      assertThat(three.changes()).extracting(MembershipChange::change).containsExactly("removed", "downed", "unreachable");
      assertThat(three.upSince()).containsOnlyKeys(addressA);
    } finally {
      if (b != null) {
        b.terminate();
      }
      a.terminate();
      a.getWhenTerminated().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static ClusterView view(ActorSystem<?> system) {
    return ClusterView.start(system, ClusterViewSettings.fromConfig(system.settings().config()), THING, Clock.systemUTC());
  }

  private static void awaitUp(ActorSystem<?> system, int members) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      long up = java.util.stream.StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up()).count();
      if (up == members) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError(members + " members not Up within " + WAIT + ": " + Cluster.get(system).state());
  }

  private static ClusterSnapshot await(ClusterView view, Predicate<ClusterSnapshot> condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    ClusterSnapshot last = null;
    while (System.nanoTime() < deadline) {
      last = view.snapshot().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (condition.test(last)) {
        return last;
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    throw new AssertionError("the view never showed what was expected within " + WAIT + "; last: " + last);
  }
}
