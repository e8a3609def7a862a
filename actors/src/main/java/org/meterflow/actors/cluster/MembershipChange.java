package org.meterflow.actors.cluster;

import java.time.Instant;

/**
 * One membership change as this node observed it.
 *
 * @param at             when this node heard of it
 * @param change         joined, up, weakly-up, left, exited, downed, removed, unreachable, reachable,
 *                       preparing-for-shutdown or ready-for-shutdown
 * @param address        the member's address
 * @param node           the member's node name
 * @param previousStatus for {@code removed}: the status it had (Down after a down, Exiting after leaving)
 * @param by             for {@code downed}: the downing provider configured, e.g.
 *                       {@code split-brain-resolver (keep-majority, stable-after 20s)}
 */
public record MembershipChange(Instant at, String change, String address, String node, String previousStatus,
    String by) {}
