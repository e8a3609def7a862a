package org.meterflow.actors.billing;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runs this node's billing actor queued or ran since start, by id, for progress queries
 * ({@code GET /api/v1/billing/runs/{id}}). The durable record is the {@code billing_runs} table.
 */
public final class BillingRuns {

  private static final int KEEP = 200;

  private final ConcurrentMap<String, RunProgress> runs = new ConcurrentHashMap<>();

  void add(RunProgress run) {
    runs.put(run.id(), run);
    if (runs.size() > KEEP) {
      runs.values().stream().filter(r -> r.result() != null).min(Comparator.comparing(RunProgress::queuedAt))
          .ifPresent(oldest -> runs.remove(oldest.id()));
    }
  }

  public Optional<RunProgress> find(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  public List<RunProgress> all() {
    Collection<RunProgress> values = runs.values();
    return values.stream().sorted(Comparator.comparing(RunProgress::queuedAt).reversed()).toList();
  }

  /** Whether a run of this cycle day and period is queued or running. */
  boolean pending(int cycleDay, java.time.LocalDate periodStart) {
    return runs.values().stream().anyMatch(r -> r.result() == null && r.cycleDay() == cycleDay
        && r.period().start().equals(periodStart));
  }
}
