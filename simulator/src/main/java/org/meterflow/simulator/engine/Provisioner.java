package org.meterflow.simulator.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.meterflow.simulator.fleet.CredentialStore;
import org.meterflow.simulator.fleet.PlatformClient;
import org.meterflow.simulator.topology.Nodes;

/**
 * Gets every sender its certificate: registers meters and gateways through the platform's API
 * (as a utility's onboarding tool would), or reuses what an earlier run kept in the credential
 * store. Meters that report through a gateway need no keys of their own on this side, so only
 * their registration is remembered; meters with their own connection keep their keys.
 */
final class Provisioner {

  private final PlatformClient platform;
  private final CredentialStore store;
  private final int parallelism;
  private final AtomicInteger done = new AtomicInteger();

  Provisioner(PlatformClient platform, CredentialStore store, int parallelism) {
    this.platform = platform;
    this.store = store;
    this.parallelism = parallelism;
  }

  /** Registrations finished so far (for the status line). */
  int done() {
    return done.get();
  }

  /** Registers (or finds) the meters; returns nothing but fails on the first refusal. */
  void registerMeters(List<Nodes.Meter> meters) {
    Set<String> known = store.registeredMeters();
    List<String> registered = Collections.synchronizedList(new ArrayList<>());
    runAll(meters.stream().filter(m -> !known.contains(m.serial())).toList(), m ->
        retrying(() -> platform.register(m), 1).handle((c, e) -> {
          if (e != null && !isConflict(e)) {
            throw new CompletionException(unwrap(e));
          }
          registered.add(m.serial());
          if (registered.size() >= 1000) {
            flush(registered);
          }
          return null;
        }));
    flush(registered);
    done.addAndGet(known.size());
  }

  private void flush(List<String> registered) {
    List<String> copy;
    synchronized (registered) {
      copy = new ArrayList<>(registered);
      registered.clear();
    }
    store.markRegistered(copy);
  }

  /**
   * Sends the network's nameplate ratings: every DT's rated kVA, and each feeder's (its DTs' sum
   * with a 0.7 diversity factor, rounded up to 50 kVA).
   */
  void rateNetwork(List<Nodes.Dt> dts) {
    Map<Nodes.Feeder, Double> feeders = new java.util.LinkedHashMap<>();
    for (Nodes.Dt dt : dts) {
      feeders.merge(dt.feeder(), dt.ratedKva(), Double::sum);
    }
    runAll(dts, dt -> retrying(() -> platform.rate(true, dt.id(), dt.feeder().region(), dt.feeder().id(), dt.ratedKva()), 1));
    runAll(new ArrayList<>(feeders.entrySet()), f -> retrying(() -> platform.rate(false, f.getKey().id(),
        f.getKey().region(), f.getKey().id(), Math.ceil(f.getValue() * 0.7 / 50) * 50), 1));
  }

  /** Credentials of meters that connect on their own (registered here unless kept from before). */
  Map<String, PlatformClient.Credentials> meterCredentials(List<Nodes.Meter> meters) {
    Map<String, PlatformClient.Credentials> out = new ConcurrentHashMap<>();
    runAll(meters, m -> store.load(m.serial())
        .map(CompletableFuture::completedFuture)
        .orElseGet(() -> retrying(() -> platform.register(m), 1).thenApply(c -> {
          store.save(c);
          return c;
        }))
        .thenAccept(c -> out.put(m.serial(), c)));
    return out;
  }

  /** Credentials of gateways, each registered for its meters unless kept from before. */
  Map<String, PlatformClient.Credentials> gatewayCredentials(Map<String, List<Nodes.Meter>> gateways) {
    Map<String, PlatformClient.Credentials> out = new ConcurrentHashMap<>();
    runAll(new ArrayList<>(gateways.entrySet()), g -> store.load(g.getKey())
        .map(CompletableFuture::completedFuture)
        .orElseGet(() -> retrying(() -> platform.registerGateway(g.getKey(),
                g.getValue().stream().map(Nodes.Meter::serial).toList()), 1)
            .thenApply(c -> {
              store.save(c);
              return c;
            }))
        .thenAccept(c -> out.put(g.getKey(), c)));
    return out;
  }

  private <T> void runAll(List<T> items, java.util.function.Function<T, CompletableFuture<?>> task) {
    Semaphore permits = new Semaphore(parallelism);
    List<CompletableFuture<?>> all = new ArrayList<>(items.size());
    java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
    for (T item : items) {
      permits.acquireUninterruptibly();
      if (firstFailure.get() != null) {
        permits.release();
        break;
      }
      CompletableFuture<?> f;
      try {
        f = task.apply(item);
      } catch (RuntimeException e) {
        permits.release();
        throw e;
      }
      all.add(f.whenComplete((v, e) -> {
        if (e != null) {
          firstFailure.compareAndSet(null, unwrap(e));
        }
        permits.release();
        done.incrementAndGet();
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  /**
   * Retries a registration the platform could not handle right now (503 under load, a dropped
   * connection) up to 5 times with exponential backoff; refusals (4xx) are final.
   */
  private static <T> CompletableFuture<T> retrying(java.util.function.Supplier<CompletableFuture<T>> call, int attempt) {
    return call.get().handle((v, e) -> {
      if (e == null) {
        return CompletableFuture.completedFuture(v);
      }
      Throwable cause = unwrap(e);
      boolean transientFailure = !(cause instanceof PlatformClient.RegistrationFailed f) || f.status >= 500;
      if (!transientFailure || attempt >= 5) {
        return CompletableFuture.<T>failedFuture(cause);
      }
      java.util.concurrent.Executor later = CompletableFuture.delayedExecutor(500L << attempt,
          java.util.concurrent.TimeUnit.MILLISECONDS);
      return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> retrying(call, attempt + 1));
    }).thenCompose(f -> f);
  }

  private static boolean isConflict(Throwable e) {
    return unwrap(e) instanceof PlatformClient.RegistrationFailed f && f.status == 409;
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
