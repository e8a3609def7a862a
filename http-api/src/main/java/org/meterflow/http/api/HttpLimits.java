package org.meterflow.http.api;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Abuse limits of the HTTP API ({@code meterflow.http.limits}).
 *
 * @param maxRequestBytes    largest request body; beyond it 413 problem+json
 * @param authFailures       failed authentications per client address per {@code authWindow}
 *                           before 429 with Retry-After
 * @param authWindow         the window those failures are counted in
 * @param trackedAddresses   client addresses tracked at once (bounds memory)
 */
public record HttpLimits(long maxRequestBytes, int authFailures, Duration authWindow, int trackedAddresses) {

  public static HttpLimits defaults() {
    return new HttpLimits(1024 * 1024, 20, Duration.ofMinutes(1), 100_000);
  }

  public static HttpLimits fromConfig(Config c) {
    return new HttpLimits(c.getBytes("max-request-size"), c.getInt("auth-failures"), c.getDuration("auth-failure-window"),
        c.getInt("tracked-addresses"));
  }
}
