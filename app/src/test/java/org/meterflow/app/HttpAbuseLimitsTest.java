package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request-size limit (413), rate limit on failed authentications (429 + Retry-After, also for a
 * valid token from the same address while blocked), security headers on pages and API answers.
 * One test method: the address is blocked at its end.
 */
class HttpAbuseLimitsTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension(Map.of(
      "meterflow.http.limits.auth-failures", 3,
      "meterflow.http.limits.max-request-size", "16k"));

  private static PlatformFixture fixture;

  @BeforeAll
  static void start() {
    fixture = PLATFORM.fixture();
  }

  @Test
  void oversizedBodiesAre413AndRepeatedBadTokensAre429() throws Exception {
    HttpResponse<String> page = fixture.get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("frame-ancestors 'none'", "default-src 'self'"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

    String big = "{\"serial\":\"BIG00001\",\"consumer\":\"" + "x".repeat(40_000) + "\"}";
    HttpResponse<String> tooLarge = fixture.post("/api/v1/meters", fixture.platform.adminToken(), big);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(tooLarge.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(fixture.get("/api/v1/meters/BIG00001", fixture.platform.adminToken()).statusCode()).isEqualTo(404);

    for (int i = 0; i < 3; i++) {
      assertThat(fixture.get("/api/v1/meters/X", "mft_guess." + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = fixture.get("/api/v1/meters/X", "mft_guess.4");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
    assertThat(fixture.get("/api/v1/ingest/stats", fixture.platform.adminToken()).statusCode())
        .as("while blocked, even a right token is not tried").isEqualTo(429);
    assertThat(fixture.get("/health/live", null).statusCode()).as("health needs no token").isEqualTo(200);
  }
}
