package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.meterflow.http.api.Problem;
import org.meterflow.http.api.RouteCatalog;

/**
 * {@code GET /api/v1/openapi.yaml} against the running platform, both ways: every route the server
 * declares is documented, every documented operation is declared, and every documented operation,
 * called as admin with the document's example parameters, is answered by its route (not by the
 * "no such route" 404 or the 405 of the rejection handler) with a status the document lists.
 */
class OpenApiTest {

  @RegisterExtension static final PlatformExtension platform = new PlatformExtension();

  private static PlatformFixture fixture;
  private static HttpResponse<String> served;
  private static OpenAPI document;

  @BeforeAll
  static void load() throws Exception {
    fixture = platform.fixture();
    served = fixture.get("/api/v1/openapi.yaml", null);
    ParseOptions options = new ParseOptions();
    options.setResolveFully(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, options);
    assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
    document = parsed.getOpenAPI();
  }

  @Test
  void theDocumentIsPublicYamlAndValidOpenApi() {
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/yaml"));
    assertThat(document).isNotNull();
    assertThat(document.getOpenapi()).startsWith("3.0");
    assertThat(document.getComponents().getSecuritySchemes()).containsKey("bearerAuth");
    assertThat(document.getComponents().getSchemas()).containsKeys("Reading", "Event", "Bill", "Problem");
  }

  @Test
  void everyDeclaredRouteIsDocumentedAndEveryDocumentedRouteIsDeclared() {
    Set<String> declared = fixture.platform.routes().stream()
        .filter(o -> o.kind() == RouteCatalog.Kind.API)
        .map(o -> o.method() + " " + o.template().replace("...}", "}"))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> documented = documentedOperations().stream().map(DocumentedOperation::key)
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(declared).as("the platform declares its routes").hasSizeGreaterThan(40);
    assertThat(minus(declared, documented)).as("routes the server has but openapi.yaml does not describe").isEmpty();
    assertThat(minus(documented, declared)).as("operations openapi.yaml describes but the server does not declare").isEmpty();
  }

  @Test
  void everyDocumentedOperationReachesItsRouteAndAnswersADocumentedStatus() throws Exception {
    List<String> failures = new ArrayList<>();
    for (DocumentedOperation op : documentedOperations()) {
      String uri = op.exampleUri();
      HttpResponse<String> response = send(op.method(), uri, op.contentType());
      String type = problemType(response);
      if (Problem.NO_SUCH_ROUTE.equals(type) || Problem.METHOD_NOT_ALLOWED.equals(type)) {
        failures.add(op.key() + " → " + op.method() + " " + uri + " was not routed: " + response.statusCode() + " " + type);
      } else if (!op.operation().getResponses().containsKey(Integer.toString(response.statusCode()))) {
        failures.add(op.key() + " → " + op.method() + " " + uri + " answered " + response.statusCode()
            + ", not documented (" + op.operation().getResponses().keySet() + "): " + response.body());
      }
    }
    assertThat(failures).isEmpty();
  }

  /** The check above must be able to fail: a path or method no route declares is told apart from a missing meter. */
  @Test
  void unroutedRequestsCarryTheirOwnProblemTypes() throws Exception {
    HttpResponse<String> noRoute = send("GET", "/api/v1/meters/M0000001/nothing-here", null);
    assertThat(noRoute.statusCode()).isEqualTo(404);
    assertThat(problemType(noRoute)).isEqualTo(Problem.NO_SUCH_ROUTE);
    assertThat(problemType(send("GET", "/api/v1/nowhere", null))).isEqualTo(Problem.NO_SUCH_ROUTE);

    HttpResponse<String> wrongMethod = send("DELETE", "/api/v1/meters/M0000001", null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(problemType(wrongMethod)).isEqualTo(Problem.METHOD_NOT_ALLOWED);

    HttpResponse<String> noMeter = send("GET", "/api/v1/meters/M0000001", null);
    assertThat(noMeter.statusCode()).isEqualTo(404);
    assertThat(problemType(noMeter)).as("a missing meter is not a missing route").isEqualTo("about:blank");
  }

  @Test
  void swaggerUiShowsTheDocumentFromTheWebJar() throws Exception {
    HttpResponse<String> bare = fixture.get("/api/docs", null);
    assertThat(bare.statusCode()).isEqualTo(308);
    assertThat(bare.headers().firstValue("Location")).hasValue("/api/docs/");
    HttpResponse<String> page = fixture.get("/api/docs/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("swagger-ui-bundle.js", "swagger-initializer.js");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("img-src 'self' data:", "frame-ancestors 'none'"));
    assertThat(fixture.get("/api/docs/swagger-initializer.js", null).body()).contains("../v1/openapi.yaml")
        .doesNotContain("petstore");
    HttpResponse<String> bundle = fixture.get("/api/docs/swagger-ui-bundle.js", null);
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body().length()).isGreaterThan(500_000);
    assertThat(fixture.get("/api/docs/swagger-ui.css", null).headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    assertThat(fixture.get("/api/docs/..%2Fpom.properties", null).statusCode()).isEqualTo(404);
    assertThat(fixture.get("/api/docs/nothing.js", null).statusCode()).isEqualTo(404);
  }

  private record DocumentedOperation(String method, String path, Operation operation) {

    String key() {
      return method + " " + path;
    }

    /** The path with each path parameter's example, plus every required query parameter's example. */
    String exampleUri() {
      String uri = path;
      List<String> query = new ArrayList<>();
      for (Parameter p : operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
        Object example = p.getExample() != null ? p.getExample() : p.getSchema() == null ? null : p.getSchema().getExample();
        if ("path".equals(p.getIn())) {
          assertThat(example).as("example of path parameter %s of %s", p.getName(), key()).isNotNull();
          uri = uri.replace("{" + p.getName() + "}", URLEncoder.encode(String.valueOf(example), StandardCharsets.UTF_8));
        } else if ("query".equals(p.getIn()) && Boolean.TRUE.equals(p.getRequired())) {
          assertThat(example).as("example of required parameter %s of %s", p.getName(), key()).isNotNull();
          query.add(p.getName() + "=" + URLEncoder.encode(String.valueOf(example), StandardCharsets.UTF_8));
        }
      }
      return query.isEmpty() ? uri : uri + "?" + String.join("&", query);
    }

    /** The first media type of the request body, if any. */
    String contentType() {
      if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
        return null;
      }
      return operation.getRequestBody().getContent().keySet().iterator().next();
    }
  }

  private static List<DocumentedOperation> documentedOperations() {
    List<DocumentedOperation> ops = new ArrayList<>();
    for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
        ops.add(new DocumentedOperation(op.getKey().name().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
      }
    }
    return ops;
  }

  /** As admin; POST and PUT send an empty JSON object (or "x" as CSV), which no route accepts as a change. */
  private static HttpResponse<String> send(String method, String uri, String contentType) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(fixture.api(uri)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + fixture.platform.adminToken());
    if (method.equals("POST") || method.equals("PUT")) {
      String type = contentType == null ? "application/json" : contentType;
      request.header("Content-Type", type)
          .method(method, HttpRequest.BodyPublishers.ofString(type.equals("application/json") ? "{}" : "x"));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return fixture.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String problemType(HttpResponse<String> response) throws Exception {
    if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
      return null;
    }
    JsonNode body = PlatformFixture.JSON.readTree(response.body());
    return body.path("type").asText(null);
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }
}
