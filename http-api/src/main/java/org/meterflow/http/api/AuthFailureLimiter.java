package org.meterflow.http.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed authentications per client address: after {@code maxFailures} within one
 * {@code window}, every request from that address that needs a token gets 429 with
 * {@code Retry-After} until the window ends (valid tokens included: a guesser must not learn
 * which guess was right). Bounded memory: at most {@code maxAddresses} are tracked; expired
 * entries are pruned when that is reached, and when all are live the oldest window is dropped.
 */
public final class AuthFailureLimiter {

  private final int maxFailures;
  private final Duration window;
  private final int maxAddresses;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private record Window(Instant start, int failures) {}

  public AuthFailureLimiter(int maxFailures, Duration window, int maxAddresses, Clock clock) {
    if (maxFailures < 1 || window.isZero() || window.isNegative() || maxAddresses < 1) {
      throw new IllegalArgumentException("maxFailures, window and maxAddresses must be positive");
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.maxAddresses = maxAddresses;
    this.clock = clock;
  }

  /** How long {@code address} must wait, or empty when it may try. */
  public Optional<Duration> blockedFor(String address) {
    Window w = windows.get(address);
    if (w == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant end = w.start().plus(window);
    if (!now.isBefore(end)) {
      windows.remove(address, w);
      return Optional.empty();
    }
    return w.failures() >= maxFailures ? Optional.of(Duration.between(now, end)) : Optional.empty();
  }

  /** Counts a failed authentication from {@code address}. */
  public void failed(String address) {
    if (windows.size() >= maxAddresses && !windows.containsKey(address)) {
      prune();
    }
    Instant now = clock.instant();
    windows.compute(address, (a, w) -> w == null || !now.isBefore(w.start().plus(window))
        ? new Window(now, 1)
        : new Window(w.start(), w.failures() + 1));
  }

  private void prune() {
    Instant now = clock.instant();
    windows.entrySet().removeIf(e -> !now.isBefore(e.getValue().start().plus(window)));
    if (windows.size() >= maxAddresses) {
      windows.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.start().compareTo(b.start())))
          .ifPresent(oldest -> windows.remove(oldest.getKey()));
    }
  }
}
