package org.meterflow.actors.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.meterflow.actors.CborSerializable;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.cycle.BillingSchedule;
import org.meterflow.model.billing.cycle.CycleGroup;
import org.meterflow.model.billing.cycle.ScheduledRun;
import org.meterflow.model.billing.ledger.BillingRunRecord;
import org.meterflow.model.port.BillingStore;

/**
 * The billing actor, one per cluster (Cluster Singleton). At start it catches up every period
 * missed since the last completed scheduled run of each cycle day (at most
 * {@link BillingSettings#maxCatchUp()} each); then it sleeps until the next cycle day's run time
 * (08:00 in the utility's zone by default) and bills what is due. On-demand runs
 * ({@link RunPeriod}) join the same queue; runs execute one at a time, and a (cycle day, period)
 * already queued is not queued twice.
 */
public final class BillingScheduler {

  public sealed interface Command {}

  /**
   * Bill the period named {@code month} (e.g. 2026-10) for {@code cycleDay}, or for every cycle
   * day that has meters when {@code cycleDay} is 0.
   */
  public record RunPeriod(String month, int cycleDay, ActorRef<Accepted> replyTo) implements Command, CborSerializable {}

  /** The runs queued, as they stand (track them with {@link GetRuns}). */
  public record Accepted(List<RunSnapshot> runs) implements CborSerializable {

    public List<String> runIds() {
      return runs.stream().map(RunSnapshot::id).toList();
    }
  }

  /** The runs this singleton queued or ran since it started, newest first. */
  public record GetRuns(ActorRef<Runs> replyTo) implements Command, CborSerializable {}

  /** The answer to {@link GetRuns}. */
  public record Runs(List<RunSnapshot> runs) implements CborSerializable {}

  private record Tick(boolean startup) implements Command {}

  private record Plan(boolean startup, Map<Integer, LocalDate> lastCompleted, List<Integer> days,
      List<BillingRunRecord> unfinished, Throwable failure) implements Command {}

  private record OnDemand(YearMonth month, List<Integer> days, ActorRef<Accepted> replyTo, Throwable failure)
      implements Command {}

  private record Finished(RunProgress run) implements Command {}

  private static final Object TIMER = "next-billing-run";

  /** Starts (or joins) the cluster's billing singleton; returns the proxy every node talks to. */
  public static ActorRef<Command> init(ActorSystem<?> system, PeriodBilling engine, BillingStore store, BillingRuns runs,
      Clock clock) {
    return ClusterSingleton.get(system).init(SingletonActor.of(
        Behaviors.supervise(create(engine, store, runs, clock)).onFailure(SupervisorStrategy.restart()), "billing"));
  }

  public static Behavior<Command> create(PeriodBilling engine, BillingStore store, BillingRuns runs, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      BillingScheduler s = new BillingScheduler(ctx, timers, engine, store, runs, clock);
      if (engine.settings().schedulerEnabled()) {
        ctx.getSelf().tell(new Tick(true));
      }
      return s.behavior();
    }));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final PeriodBilling engine;
  private final BillingStore store;
  private final BillingRuns runs;
  private final Clock clock;
  private final BillingSchedule schedule;
  private final Deque<RunProgress> queue = new ArrayDeque<>();
  private RunProgress running;

  private BillingScheduler(ActorContext<Command> ctx, TimerScheduler<Command> timers, PeriodBilling engine,
      BillingStore store, BillingRuns runs, Clock clock) {
    this.ctx = ctx;
    this.timers = timers;
    this.engine = engine;
    this.store = store;
    this.runs = runs;
    this.clock = clock;
    this.schedule = new BillingSchedule(engine.settings().zone(), engine.settings().runTime());
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Tick.class, this::onTick)
        .onMessage(Plan.class, this::onPlan)
        .onMessage(RunPeriod.class, this::onRunPeriod)
        .onMessage(GetRuns.class, get -> {
          get.replyTo().tell(new Runs(runs.all().stream().map(RunSnapshot::of).toList()));
          return Behaviors.same();
        })
        .onMessage(OnDemand.class, this::onDemand)
        .onMessage(Finished.class, this::onFinished)
        .build();
  }

  private Behavior<Command> onTick(Tick tick) {
    CompletableFuture<Map<Integer, LocalDate>> last = store.lastCompletedRuns().toCompletableFuture();
    CompletableFuture<List<Integer>> days = store.cycleDays().toCompletableFuture();
    // at start: runs a previous billing actor began and never finished (its node died or stopped)
    CompletableFuture<List<BillingRunRecord>> unfinished = tick.startup()
        ? store.unfinishedRuns().toCompletableFuture() : CompletableFuture.completedFuture(List.of());
    ctx.pipeToSelf(CompletableFuture.allOf(last, days, unfinished), (x, e) ->
        new Plan(tick.startup(), e == null ? last.join() : Map.of(), e == null ? days.join() : List.of(),
            e == null ? unfinished.join() : List.of(), e));
    return Behaviors.same();
  }

  private Behavior<Command> onPlan(Plan plan) {
    Instant now = clock.instant();
    if (plan.failure() != null) {
      ctx.getLog().warn("billing schedule could not read the database; retrying in 1 minute", plan.failure());
      timers.startSingleTimer(TIMER, new Tick(plan.startup()), Duration.ofMinutes(1));
      return Behaviors.same();
    }
    for (BillingRunRecord left : plan.unfinished()) {
      ctx.getLog().info("billing: finishing the run of {} for day {} that began at {} and never ended",
          left.period(), left.cycleDay(), left.startedAt());
      enqueue(left.cycleDay(), left.period(), left.trigger());
    }
    TreeSet<Integer> days = new TreeSet<>(plan.days());
    days.addAll(plan.lastCompleted().keySet());
    if (days.isEmpty()) {
      days.add(1);
    }
    List<CycleGroup> groups = new ArrayList<>();
    Map<String, BillingPeriod> done = new HashMap<>();
    for (int d : days) {
      CycleGroup g = new CycleGroup(String.valueOf(d), d);
      LocalDate last = plan.lastCompleted().get(d);
      if (last != null) {
        done.put(g.id(), g.periodStartingIn(YearMonth.from(last)));
      }
      // at start only catch up what a previous run left behind; a never-billed day waits for its schedule
      if (!plan.startup() || last != null) {
        groups.add(g);
      }
    }
    Map<Integer, Integer> perDay = new HashMap<>();
    List<ScheduledRun> due = new ArrayList<>(schedule.missed(groups, done, now));
    java.util.Collections.reverse(due);
    List<ScheduledRun> capped = new ArrayList<>();
    for (ScheduledRun r : due) {
      if (perDay.merge(r.group().billingDay(), 1, Integer::sum) <= engine.settings().maxCatchUp()) {
        capped.add(0, r);
      }
    }
    for (ScheduledRun r : capped) {
      enqueue(r.group().billingDay(), r.period(), plan.startup() ? "catch-up" : "schedule");
    }
    List<CycleGroup> all = days.stream().map(d -> new CycleGroup(String.valueOf(d), d)).toList();
    ScheduledRun next = schedule.next(all, now);
    Duration wait = Duration.between(now, next.dueAt().toInstant());
    ctx.getLog().info("billing: {} run(s) due now; next run {} for day {} at {}",
        capped.size() + plan.unfinished().size(), next.period(),
        next.group().billingDay(), next.dueAt());
    timers.startSingleTimer(TIMER, new Tick(false), wait.isNegative() ? Duration.ZERO : wait);
    startNext();
    return Behaviors.same();
  }

  private Behavior<Command> onRunPeriod(RunPeriod cmd) {
    YearMonth month;
    try {
      month = YearMonth.parse(cmd.month());
    } catch (java.time.format.DateTimeParseException e) {
      cmd.replyTo().tell(new Accepted(List.of()));
      return Behaviors.same();
    }
    if (cmd.cycleDay() > 0) {
      return onDemand(new OnDemand(month, List.of(cmd.cycleDay()), cmd.replyTo(), null));
    }
    ctx.pipeToSelf(store.cycleDays(), (days, e) -> new OnDemand(month, days == null ? List.of() : days, cmd.replyTo(), e));
    return Behaviors.same();
  }

  private Behavior<Command> onDemand(OnDemand cmd) {
    if (cmd.failure() != null) {
      ctx.getLog().warn("billing: cannot list cycle days", cmd.failure());
    }
    List<Integer> days = cmd.days().isEmpty() ? List.of(1) : cmd.days();
    List<RunProgress> queued = new ArrayList<>();
    for (int d : days) {
      CycleGroup g = new CycleGroup(String.valueOf(d), d);
      queued.add(enqueue(d, g.periodStartingIn(cmd.month()), "on-demand"));
    }
    cmd.replyTo().tell(new Accepted(queued.stream().map(RunSnapshot::of).toList()));
    startNext();
    return Behaviors.same();
  }

  private RunProgress enqueue(int day, BillingPeriod period, String trigger) {
    for (RunProgress r : queue) {
      if (r.cycleDay() == day && r.period().equals(period)) {
        return r;
      }
    }
    if (running != null && running.cycleDay() == day && running.period().equals(period)) {
      return running;
    }
    String id = period.label() + "-d" + day + "-" + Long.toString(clock.millis(), 36) + queue.size();
    RunProgress run = new RunProgress(id, day, period, trigger, clock.instant());
    runs.add(run);
    queue.add(run);
    return run;
  }

  private void startNext() {
    if (running != null || queue.isEmpty()) {
      return;
    }
    running = queue.poll();
    ctx.getLog().info("billing: running {} for cycle day {} ({})", running.period(), running.cycleDay(), running.trigger());
    RunProgress run = running;
    ctx.pipeToSelf(engine.run(run), (record, e) -> {
      if (e != null && run.result() == null) {
        run.finished(new BillingRunRecord(run.cycleDay(), run.period(), BillingRunRecord.Status.FAILED, run.trigger(),
            Math.max(0, run.meters()), 0, 0, 0, 0, 0, run.queuedAt(), clock.instant(), e.toString()));
      }
      return new Finished(run);
    });
  }

  private Behavior<Command> onFinished(Finished f) {
    running = null;
    startNext();
    return Behaviors.same();
  }
}
