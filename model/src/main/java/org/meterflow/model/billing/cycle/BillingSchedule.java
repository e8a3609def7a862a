package org.meterflow.model.billing.cycle;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.meterflow.model.billing.BillingPeriod;

/**
 * When cycle groups are billed: each group's period runs on its billing day at {@code runTime}
 * (default 08:00) in the utility's zone. After downtime, {@link #missed} lists every period to catch
 * up, oldest first.
 */
public final class BillingSchedule {

  public static final LocalTime DEFAULT_RUN_TIME = LocalTime.of(8, 0);

  private final ZoneId zone;
  private final LocalTime runTime;

  public BillingSchedule(ZoneId zone, LocalTime runTime) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.runTime = Objects.requireNonNull(runTime, "runTime");
  }

  public BillingSchedule(ZoneId zone) {
    this(zone, DEFAULT_RUN_TIME);
  }

  /** The period a run at {@code now} bills for {@code group} (the latest one due). */
  public BillingPeriod periodAt(CycleGroup group, Instant now) {
    return group.latestDue(local(now), runTime);
  }

  /**
   * Every period due at or before {@code now} and not yet completed, per group, ordered by due time
   * then group id. {@code lastCompleted} maps a group to its last completed period; a group absent
   * from it (never run) gets only its latest due period, not the whole past.
   */
  public List<ScheduledRun> missed(Collection<CycleGroup> groups, Map<String, BillingPeriod> lastCompleted, Instant now) {
    List<ScheduledRun> out = new ArrayList<>();
    LocalDateTime local = local(now);
    for (CycleGroup g : groups) {
      BillingPeriod latest = g.latestDue(local, runTime);
      BillingPeriod done = lastCompleted.get(g.id());
      BillingPeriod p = done == null ? latest : g.next(done);
      while (!p.start().isAfter(latest.start())) {
        out.add(run(g, p));
        p = g.next(p);
      }
    }
    out.sort(Comparator.comparing((ScheduledRun r) -> r.dueAt().toInstant()).thenComparing(r -> r.group().id()));
    return out;
  }

  /** The next run strictly after {@code now} across {@code groups}. */
  public ScheduledRun next(Collection<CycleGroup> groups, Instant now) {
    ScheduledRun best = null;
    for (CycleGroup g : groups) {
      ScheduledRun r = run(g, g.next(g.latestDue(local(now), runTime)));
      if (best == null || r.dueAt().isBefore(best.dueAt())) {
        best = r;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no cycle groups");
    }
    return best;
  }

  private ScheduledRun run(CycleGroup g, BillingPeriod p) {
    return new ScheduledRun(g, p, g.runAt(p, runTime).atZone(zone));
  }

  private LocalDateTime local(Instant now) {
    return LocalDateTime.ofInstant(now, zone);
  }
}
