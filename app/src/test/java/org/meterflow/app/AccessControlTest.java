package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Roles: a consumer sees only their own meters (others are 404, no existence leak); only admins manage tokens. */
class AccessControlTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension();

  private static PlatformFixture fixture;
  private static String admin;

  @BeforeAll
  static void start() throws Exception {
    fixture = PLATFORM.fixture();
    admin = fixture.platform.adminToken();
    fixture.register("A0000001");
    fixture.register("A0000002");
  }

  private static String issue(String body) throws Exception {
    HttpResponse<String> response = fixture.post("/api/v1/tokens", admin, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return PlatformFixture.JSON.readTree(response.body()).get("token").asText();
  }

  private static int delete(String path, String token) throws Exception {
    return fixture.http.send(HttpRequest.newBuilder(fixture.api(path)).header("Authorization", "Bearer " + token)
        .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void consumerSeesOnlyTheirOwnMeter() throws Exception {
    String consumer = issue("{\"role\":\"consumer\",\"consumerId\":\"C-A0000001\"}");
    assertThat(fixture.get("/api/v1/meters/A0000001", consumer).statusCode()).isEqualTo(200);
    assertThat(fixture.get("/api/v1/meters/A0000002", consumer).statusCode()).isEqualTo(404);
    assertThat(fixture.get("/api/v1/meters/A0000002/readings/latest", consumer).statusCode()).isEqualTo(404);
    assertThat(fixture.get("/api/v1/meters/A0000002/readings", consumer).statusCode()).isEqualTo(404);
    assertThat(fixture.get("/api/v1/meters/NOSUCH01", consumer).statusCode())
        .as("unknown and foreign meters look the same").isEqualTo(404);
    assertThat(fixture.get("/api/v1/ingest/stats", consumer).statusCode()).isEqualTo(403);
    assertThat(fixture.post("/api/v1/meters", consumer, "{\"serial\":\"A0000003\"}").statusCode()).isEqualTo(403);
    assertThat(fixture.post("/api/v1/meters/A0000001/revoke", consumer, "").statusCode()).isEqualTo(404);
  }

  @Test
  void operatorsWorkButCannotManageTokens() throws Exception {
    String operator = issue("{\"role\":\"operator\"}");
    assertThat(fixture.get("/api/v1/meters/A0000002", operator).statusCode()).isEqualTo(200);
    assertThat(fixture.get("/api/v1/ingest/stats", operator).statusCode()).isEqualTo(200);
    assertThat(fixture.post("/api/v1/tokens", operator, "{\"role\":\"admin\"}").statusCode()).isEqualTo(403);
  }

  @Test
  void revokedTokenIsRefusedAtOnce() throws Exception {
    HttpResponse<String> issued = fixture.post("/api/v1/tokens", admin, "{\"role\":\"consumer\",\"consumerId\":\"C-A0000002\"}");
    String token = PlatformFixture.JSON.readTree(issued.body()).get("token").asText();
    String id = PlatformFixture.JSON.readTree(issued.body()).get("id").asText();
    assertThat(fixture.get("/api/v1/meters/A0000002", token).statusCode()).isEqualTo(200);
    assertThat(delete("/api/v1/tokens/" + id, admin)).isEqualTo(204);
    assertThat(fixture.get("/api/v1/meters/A0000002", token).statusCode()).isEqualTo(401);
    assertThat(delete("/api/v1/tokens/" + id, admin)).as("already revoked").isEqualTo(404);
  }

  @Test
  void badTokenRequestsAreProblems() throws Exception {
    assertThat(fixture.post("/api/v1/tokens", admin, "{\"role\":\"consumer\"}").statusCode()).isEqualTo(400);
    assertThat(fixture.post("/api/v1/tokens", admin, "{\"role\":\"king\"}").statusCode()).isEqualTo(400);
    assertThat(fixture.get("/api/v1/meters/A0000001", "mft_0000.forged").statusCode()).isEqualTo(401);
  }

  @Test
  void everyApiRouteNeedsAToken() throws Exception {
    for (String path : List.of("/api/v1/meters/A0000001", "/api/v1/meters/A0000001/readings/latest",
        "/api/v1/meters/A0000001/readings", "/api/v1/ingest/stats", "/api/v1/live?meter=A0000001")) {
      assertThat(fixture.get(path, null).statusCode()).as(path).isEqualTo(401);
    }
    for (String path : List.of("/api/v1/meters", "/api/v1/meters/A0000001/revoke", "/api/v1/tokens")) {
      assertThat(fixture.post(path, null, "{}").statusCode()).as(path).isEqualTo(401);
    }
    assertThat(fixture.get("/health/live", null).statusCode()).isEqualTo(200);
  }
}
