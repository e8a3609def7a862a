package org.meterflow.actors.cluster;

import java.time.Instant;
import java.util.List;

/**
 * The cluster as one node sees it, the body of {@code GET /api/v1/cluster}. Node names come from
 * the members' {@code node-<name>} roles ({@link ClusterView#nodeName}).
 *
 * @param at         when this node took the snapshot
 * @param self       this node
 * @param leader     the address of the leader (which runs the split-brain resolver), null while there is none
 * @param members    every member this node knows, by address
 * @param shards     shards and entities of the meter entities, per node
 * @param singletons where each of the platform's singletons runs
 * @param downing    who downs members, and the membership changes this node saw
 */
public record ClusterSnapshot(
    Instant at,
    Self self,
    String leader,
    List<MemberView> members,
    Shards shards,
    List<SingletonView> singletons,
    Downing downing) {

  /** This node: its address ({@code pekko://meterflow@host:port}) and node name. */
  public record Self(String address, String node) {}

  /**
   * One member.
   *
   * @param status    Joining, WeaklyUp, Up, Leaving, Exiting, Down, Removed (or PreparingForShutdown, ReadyForShutdown)
   * @param reachable false once a member (this one or another) has reported it unreachable in this node's gossip
   * @param upSince   when this node saw it become Up; for members Up before this node started watching,
   *                  when it started watching; null while not Up
   * @param oldest    the oldest Up member: where cluster singletons run (unless restricted to a role)
   */
  public record MemberView(String address, String node, List<String> roles, String status, boolean reachable,
      Instant upSince, boolean oldest, boolean self) {}

  /**
   * Shards and entities of one entity type.
   *
   * @param complete false when the shard regions did not all answer in time ({@code error} says why)
   */
  public record Shards(String entityType, List<NodeShards> nodes, int totalShards, long totalEntities,
      boolean complete, String error) {}

  /** One node's shard region: shards it hosts, their entities, and shards that did not answer. */
  public record NodeShards(String address, String node, int shards, long entities, int failedShards) {}

  /**
   * A cluster singleton.
   *
   * @param address where it runs: the oldest Up member (with the singleton role, if one is set); null if none
   * @param running true when that member answered that the singleton actor is there, false when it said it
   *                is not (yet), null when it did not answer in time or there is no such member
   */
  public record SingletonView(String name, String address, String node, Boolean running) {}

  /**
   * Who downs unreachable members, and what this node saw happen.
   *
   * @param provider    {@code split-brain-resolver}, or another downing provider
   * @param strategy    the resolver's {@code active-strategy} (e.g. keep-majority)
   * @param stableAfter the resolver's {@code stable-after}
   * @param events      the latest membership changes this node observed, newest first
   */
  public record Downing(String provider, String strategy, String stableAfter, List<MembershipChange> events) {}
}
