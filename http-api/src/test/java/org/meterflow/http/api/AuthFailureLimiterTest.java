package org.meterflow.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

  private Instant now = Instant.parse("2026-11-26T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void blocksAnAddressAfterTheLimitUntilItsWindowEnds() {
    AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofMinutes(1), 100, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
      limiter.failed("10.0.0.1");
    }
    now = now.plusSeconds(20);
    assertThat(limiter.blockedFor("10.0.0.1")).contains(Duration.ofSeconds(40));
    assertThat(limiter.blockedFor("10.0.0.2")).as("other addresses unaffected").isEmpty();
    now = now.plusSeconds(40);
    assertThat(limiter.blockedFor("10.0.0.1")).as("a new window").isEmpty();
  }

  @Test
  void tracksABoundedNumberOfAddresses() {
    AuthFailureLimiter limiter = new AuthFailureLimiter(1, Duration.ofMinutes(1), 2, clock);
    limiter.failed("a");
    now = now.plusSeconds(1);
    limiter.failed("b");
    now = now.plusSeconds(1);
    limiter.failed("c"); // evicts the oldest window ("a")
    assertThat(limiter.blockedFor("a")).isEmpty();
    assertThat(limiter.blockedFor("b")).isPresent();
    assertThat(limiter.blockedFor("c")).isPresent();
  }
}
