package org.meterflow.actors.cluster;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;
import org.meterflow.actors.cluster.ClusterSnapshot.MemberView;
import org.meterflow.actors.cluster.ClusterSnapshot.NodeShards;
import org.meterflow.actors.cluster.ClusterSnapshot.Shards;
import org.meterflow.actors.cluster.ClusterSnapshot.SingletonView;
import org.meterflow.actors.meter.MeterEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as this node sees it ({@link ClusterSnapshot}): members with status, roles and
 * reachability from the cluster state; shards and entities per node from Cluster Sharding's
 * {@link GetClusterShardingStats}; where each singleton runs (the oldest Up member with the
 * singleton role, asked whether the singleton actor is there); and the membership history kept by
 * {@link MembershipHistory}, which {@link #start} spawns so that it hears everything from the start.
 */
public final class ClusterView {

  private static final Logger log = LoggerFactory.getLogger(ClusterView.class);

  /** The role that names a node: {@code node-n1} → n1. */
  public static final String NODE_ROLE_PREFIX = "node-";

  private final ActorSystem<?> system;
  private final ClusterViewSettings settings;
  private final EntityTypeKey<?> entityType;
  private final ActorRef<MembershipHistory.Command> history;
  private final Clock clock;

  private ClusterView(ActorSystem<?> system, ClusterViewSettings settings, EntityTypeKey<?> entityType,
      ActorRef<MembershipHistory.Command> history, Clock clock) {
    this.system = system;
    this.settings = settings;
    this.entityType = entityType;
    this.history = history;
    this.clock = clock;
  }

  /** Starts the view of the meter entities from the whole configuration ({@code meterflow.cluster}, {@code pekko.cluster}). */
  public static ClusterView start(ActorSystem<?> system, Config config) {
    return start(system, ClusterViewSettings.fromConfig(config), MeterEntity.ENTITY_KEY, Clock.systemUTC());
  }

  /** Starts the view of {@code entityType}'s shards; spawns the membership history at once. */
  public static ClusterView start(ActorSystem<?> system, ClusterViewSettings settings, EntityTypeKey<?> entityType,
      Clock clock) {
    ActorRef<MembershipHistory.Command> history = system.systemActorOf(
        MembershipHistory.create(settings.historySize(), settings.downing(), clock), "cluster-membership-history",
        Props.empty());
    return new ClusterView(system, settings, entityType, history, clock);
  }

  /** A member's node name: its {@code node-<name>} role, else {@code host:port}. */
  public static String nodeName(Member member) {
    for (String role : member.getRoles()) {
      if (role.startsWith(NODE_ROLE_PREFIX) && role.length() > NODE_ROLE_PREFIX.length()) {
        return role.substring(NODE_ROLE_PREFIX.length());
      }
    }
    Address a = member.address();
    return a.getHost().orElse("?") + ":" + a.getPort().map(String::valueOf).orElse("?");
  }

  /** Takes a snapshot; completes within about the view timeout, with what answered by then. */
  public CompletionStage<ClusterSnapshot> snapshot() {
    CurrentClusterState state = Cluster.get(system).state();
    Member self = Cluster.get(system).selfMember();
    List<Member> members = StreamSupport.stream(state.getMembers().spliterator(), false).toList();
    Map<String, String> names = new LinkedHashMap<>();
    members.forEach(m -> names.put(m.address().toString(), nodeName(m)));
    names.putIfAbsent(self.address().toString(), nodeName(self));

    CompletionStage<MembershipHistory.History> seen = AskPattern.ask(history, MembershipHistory.Get::new,
        settings.timeout(), system.scheduler());
    CompletionStage<Shards> shards = shards(names);
    CompletionStage<List<SingletonView>> singletons = singletons(members, names);
    return seen.thenCompose(h -> shards.thenCombine(singletons, (s, singles) -> {
      Optional<Member> oldest = oldestUp(members, Optional.empty());
      Set<Member> unreachable = state.getUnreachable();
      List<MemberView> views = members.stream().map(m -> new MemberView(m.address().toString(), nodeName(m),
          List.copyOf(new TreeSet<>(m.getRoles())), m.status().toString(), !unreachable.contains(m),
          h.upSince().get(m.address().toString()), oldest.filter(m::equals).isPresent(), m.equals(self))).toList();
      ClusterViewSettings.Downing d = settings.downing();
      return new ClusterSnapshot(clock.instant(), new ClusterSnapshot.Self(self.address().toString(), nodeName(self)),
          state.getLeader() == null ? null : state.getLeader().toString(), views, s, singles,
          new ClusterSnapshot.Downing(d.provider(), d.strategy(), d.stableAfter(), h.changes()));
    }));
  }

  private CompletionStage<Shards> shards(Map<String, String> names) {
    Duration timeout = settings.timeout();
    CompletionStage<ShardRegion.ClusterShardingStats> stats = AskPattern.ask(ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(entityType, timeout, replyTo), timeout.plusMillis(500),
        system.scheduler());
    return stats.handle((s, failure) -> {
      if (failure != null) {
        log.warn("the shard regions of {} did not answer within {}", entityType.name(), timeout);
        return new Shards(entityType.name(), List.of(), 0, 0, false, "the shard regions did not answer within " + timeout);
      }
      Map<String, NodeShards> nodes = new TreeMap<>();
      int failed = 0;
      for (Map.Entry<Address, ShardRegion.ShardRegionStats> region : s.getRegions().entrySet()) {
        String address = region.getKey().toString();
        long entities = region.getValue().getStats().values().stream().mapToLong(n -> ((Number) n).longValue()).sum();
        int failedShards = region.getValue().getFailed().size();
        failed += failedShards;
        nodes.put(address, new NodeShards(address, names.getOrDefault(address, address),
            region.getValue().getStats().size(), entities, failedShards));
      }
      List<NodeShards> list = List.copyOf(nodes.values());
      return new Shards(entityType.name(), list, list.stream().mapToInt(NodeShards::shards).sum(),
          list.stream().mapToLong(NodeShards::entities).sum(), failed == 0,
          failed == 0 ? null : failed + " shard(s) did not answer within " + timeout);
    });
  }

  private CompletionStage<List<SingletonView>> singletons(List<Member> members, Map<String, String> names) {
    Optional<Member> host = oldestUp(members, settings.singletonRole());
    List<CompletableFuture<SingletonView>> views = new ArrayList<>();
    for (String name : settings.singletons()) {
      if (host.isEmpty()) {
        views.add(CompletableFuture.completedFuture(new SingletonView(name, null, null, null)));
        continue;
      }
      String address = host.get().address().toString();
      String node = names.get(address);
      // where ClusterSingleton puts it: a system actor singletonManager<name> with the singleton as child <name>
      String path = address + "/system/singletonManager" + name + "/" + name;
      views.add(Patterns.ask(system.classicSystem().actorSelection(path), new Identify(name), settings.timeout())
          .handle((answer, failure) -> new SingletonView(name, address, node,
              failure != null ? null : ((ActorIdentity) answer).getActorRef().isPresent()))
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApply(done -> views.stream().map(CompletableFuture::join).toList());
  }

  /** The oldest Up member (with {@code role}, if given): where a cluster singleton runs. */
  static Optional<Member> oldestUp(List<Member> members, Optional<String> role) {
    Member oldest = null;
    for (Member m : members) {
      if (m.status() != MemberStatus.up() || (role.isPresent() && !m.hasRole(role.get()))) {
        continue;
      }
      if (oldest == null || m.isOlderThan(oldest)) {
        oldest = m;
      }
    }
    return Optional.ofNullable(oldest);
  }
}
