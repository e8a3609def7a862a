package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/cluster} on one embedded node: the node is the one Up member, oldest, and
 * hosts every shard of the meters registered (registration starts each meter's entity) and the
 * billing singleton; only admins may look.
 */
class ClusterEndpointTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension();

  private static PlatformFixture fixture;
  private static String admin;

  @BeforeAll
  static void start() throws Exception {
    fixture = PLATFORM.fixture();
    admin = fixture.platform.adminToken();
    for (String serial : List.of("K0000001", "K0000002", "K0000003")) {
      fixture.register(serial);
    }
  }

  private static JsonNode cluster() {
    try {
      HttpResponse<String> response = fixture.get("/api/v1/cluster", admin);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      return PlatformFixture.JSON.readTree(response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void oneNodeIsTheOnlyMemberAndHostsTheMetersAndTheSingletons() {
    List<JsonNode> last = new ArrayList<>(List.of(cluster()));
    boolean settled = PlatformFixture.await(Duration.ofSeconds(15), () -> {
      JsonNode c = cluster();
      last.set(0, c);
      return c.at("/shards/totalEntities").asLong() >= 3 && c.at("/singletons/0/running").asBoolean(false);
    });
    JsonNode c = last.get(0);
    assertThat(settled).as("entities and the billing singleton seen: %s", c).isTrue();

    JsonNode self = c.get("self");
    assertThat(self.get("address").asText()).startsWith("pekko://meterflow@127.0.0.1:");
    assertThat(c.get("members")).hasSize(1);
    JsonNode member = c.get("members").get(0);
    assertThat(member.get("address").asText()).isEqualTo(self.get("address").asText());
    assertThat(member.get("node").asText()).isEqualTo(self.get("node").asText()).isNotBlank();
    assertThat(member.get("status").asText()).isEqualTo("Up");
    assertThat(member.get("reachable").asBoolean()).isTrue();
    assertThat(member.get("oldest").asBoolean()).isTrue();
    assertThat(member.get("self").asBoolean()).isTrue();
    assertThat(member.get("upSince").isTextual()).as("upSince of %s", member).isTrue();
    assertThat(c.get("leader").asText()).isEqualTo(self.get("address").asText());

    JsonNode shards = c.get("shards");
    assertThat(shards.get("entityType").asText()).isEqualTo("Meter");
    assertThat(shards.get("complete").asBoolean()).isTrue();
    assertThat(shards.get("nodes")).hasSize(1);
    JsonNode here = shards.get("nodes").get(0);
    assertThat(here.get("address").asText()).isEqualTo(self.get("address").asText());
    assertThat(here.get("entities").asLong()).isGreaterThanOrEqualTo(3).isEqualTo(shards.get("totalEntities").asLong());
    assertThat(here.get("shards").asInt()).isPositive().isEqualTo(shards.get("totalShards").asInt());

    JsonNode billing = c.get("singletons").get(0);
    assertThat(billing.get("name").asText()).isEqualTo("billing");
    assertThat(billing.get("address").asText()).isEqualTo(self.get("address").asText());
    assertThat(billing.get("running").asBoolean()).isTrue();
    assertThat(c.get("singletons")).allSatisfy(s -> assertThat(s.get("node").asText()).isEqualTo(self.get("node").asText()));

    JsonNode downing = c.get("downing");
    assertThat(downing.get("provider").asText()).isEqualTo("split-brain-resolver");
    assertThat(downing.get("strategy").asText()).isNotBlank();
    assertThat(downing.get("events")).anySatisfy(e -> {
      assertThat(e.get("change").asText()).isEqualTo("up");
      assertThat(e.get("address").asText()).isEqualTo(self.get("address").asText());
    });
  }

  @Test
  void onlyAdminsMayLook() throws Exception {
    HttpResponse<String> issued = fixture.post("/api/v1/tokens", admin, "{\"role\":\"operator\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    String operator = PlatformFixture.JSON.readTree(issued.body()).get("token").asText();

    HttpResponse<String> refused = fixture.get("/api/v1/cluster", operator);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(PlatformFixture.JSON.readTree(refused.body()).get("detail").asText()).contains("admins");
    assertThat(fixture.get("/api/v1/cluster", null).statusCode()).isEqualTo(401);
  }
}
