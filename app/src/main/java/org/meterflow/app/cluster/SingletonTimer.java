package org.meterflow.app.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic work that must run once per cluster, not once per node (the forecast run, the events
 * export to the lake): a cluster singleton that runs {@code task} after each {@code nextDelay}, one
 * run at a time. On one node it simply runs there; in a cluster it runs on the oldest node and moves
 * to the next oldest when that node leaves or dies (the work it does is idempotent, so a run cut
 * short by a node's death is done again by the next run).
 */
public final class SingletonTimer {

  private static final Logger log = LoggerFactory.getLogger(SingletonTimer.class);

  private sealed interface Tick permits Due, Finished {}

  private enum Due implements Tick { INSTANCE }

  private enum Finished implements Tick { INSTANCE }

  private SingletonTimer() {}

  /**
   * Starts the singleton {@code name} (on every node: the one on the oldest node runs).
   *
   * @param nextDelay how long until the next run, asked before each one
   * @param task      one run; the next is scheduled when it completes
   */
  public static ActorRef<?> start(ActorSystem<?> system, String name, Supplier<Duration> nextDelay,
      Supplier<? extends CompletionStage<?>> task) {
    Behavior<Tick> behavior = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      log.info("singleton {} runs on this node ({})", name, system.address());
      timers.startSingleTimer(Due.INSTANCE, nextDelay.get());
      return Behaviors.receive(Tick.class)
          .onMessage(Due.class, due -> {
            context.pipeToSelf(task.get(), (ok, e) -> {
              if (e != null) {
                log.error("singleton {}: run failed; the next run retries", name, e);
              }
              return Finished.INSTANCE;
            });
            return Behaviors.same();
          })
          .onMessage(Finished.class, done -> {
            timers.startSingleTimer(Due.INSTANCE, nextDelay.get());
            return Behaviors.same();
          })
          .onSignal(PostStop.class, stop -> {
            log.info("singleton {} stopped on this node", name);
            return Behaviors.same();
          })
          .build();
    }));
    return ClusterSingleton.get(system).init(SingletonActor.of(
        Behaviors.supervise(behavior).onFailure(org.apache.pekko.actor.typed.SupervisorStrategy.restart()), name));
  }
}
