package org.meterflow.http.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog's template matching, served by a real pekko-http server on loopback. */
class RouteCatalogTest {

  private static final AllDirectives D = new AllDirectives() {};
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ActorSystem system;
  private static ServerBinding binding;
  private static RouteCatalog catalog;

  @BeforeAll
  static void start() throws Exception {
    catalog = new RouteCatalog()
        .get("/", RouteCatalog.Access.PUBLIC, (c, p) -> D.complete("root"))
        .post("/things", RouteCatalog.Access.TOKEN, (c, p) -> D.complete("created by " + c.role()))
        .post("/things/batch", RouteCatalog.Access.TOKEN, (c, p) -> D.complete("batch"))
        .get("/things/{id}", RouteCatalog.Access.TOKEN, (c, p) -> D.complete("thing " + p.get("id")))
        .get("/things/{id}/parts", RouteCatalog.Access.TOKEN, (c, p) -> D.complete("parts of " + p.get("id")))
        .get("/docs/{name}.pdf", RouteCatalog.Access.PUBLIC, (c, p) -> D.complete("pdf " + p.get("name")))
        .get("/docs/{name}", RouteCatalog.Access.PUBLIC, (c, p) -> D.complete("doc " + p.get("name")))
        .add(org.apache.pekko.http.javadsl.model.HttpMethods.GET, "/assets/{file...}", RouteCatalog.Access.PUBLIC,
            RouteCatalog.Kind.PAGE, (c, p) -> D.complete("asset " + p.get("file")));
    RejectionHandler rejections = RejectionHandler.newBuilder()
        .handleAll(org.apache.pekko.http.javadsl.server.MethodRejection.class, rs -> D.complete(
            org.apache.pekko.http.javadsl.model.StatusCodes.METHOD_NOT_ALLOWED,
            String.join(",", rs.stream().map(r -> r.supported().name()).toList())))
        .handleNotFound(D.complete(org.apache.pekko.http.javadsl.model.StatusCodes.NOT_FOUND, "no route"))
        .build();
    Route route = D.handleRejections(rejections, () -> catalog.route(D, (op, handler) ->
        handler.apply(op.access() == RouteCatalog.Access.PUBLIC ? null : new Caller("t1", Caller.Role.OPERATOR, null))));
    system = ActorSystem.create("route-catalog-test");
    binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(route).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (binding != null) {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (system != null) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void literalsParametersSuffixesAndRestMatchLikeOpenApiTemplates() throws Exception {
    assertThat(call("GET", "/")).isEqualTo("200 root");
    assertThat(call("POST", "/things")).isEqualTo("200 created by OPERATOR");
    assertThat(call("POST", "/things/batch")).isEqualTo("200 batch");
    assertThat(call("GET", "/things/batch")).as("a literal does not hide a parameter of another method")
        .isEqualTo("200 thing batch");
    assertThat(call("GET", "/things/a%20b/parts")).as("percent-decoded").isEqualTo("200 parts of a b");
    assertThat(call("GET", "/docs/bill-1.pdf")).isEqualTo("200 pdf bill-1");
    assertThat(call("GET", "/docs/bill-1")).isEqualTo("200 doc bill-1");
    assertThat(call("GET", "/assets/js/app.js")).isEqualTo("200 asset js/app.js");
  }

  @Test
  void unknownPathsAre404AndKnownPathsWithAnotherMethod405() throws Exception {
    assertThat(call("GET", "/nothing")).isEqualTo("404 no route");
    assertThat(call("GET", "/things/1/parts/2")).isEqualTo("404 no route");
    assertThat(call("GET", "/things/")).as("a trailing slash is another path").isEqualTo("404 no route");
    assertThat(call("GET", "/assets/")).as("the rest needs one segment").isEqualTo("404 no route");
    assertThat(call("GET", "/things")).isEqualTo("405 POST");
    assertThat(call("DELETE", "/things/1")).isEqualTo("405 GET");
  }

  @Test
  void operationsListEveryDeclarationInOrder() {
    List<RouteCatalog.Operation> ops = catalog.operations();
    assertThat(ops).hasSize(8);
    assertThat(ops.get(1)).isEqualTo(new RouteCatalog.Operation("POST", "/things", RouteCatalog.Access.TOKEN,
        RouteCatalog.Kind.API));
    assertThat(ops.get(7).kind()).isEqualTo(RouteCatalog.Kind.PAGE);
  }

  @Test
  void badOrDuplicateTemplatesAreRefused() {
    RouteCatalog c = new RouteCatalog().get("/a/{id}", RouteCatalog.Access.PUBLIC, (x, p) -> D.complete("a"));
    assertThatThrownBy(() -> c.get("/a/{id}", RouteCatalog.Access.PUBLIC, (x, p) -> D.complete("b")))
        .hasMessageContaining("declared twice");
    assertThatThrownBy(() -> c.get("a/b", RouteCatalog.Access.PUBLIC, (x, p) -> D.complete("b")))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> c.get("/x/{rest...}/y", RouteCatalog.Access.PUBLIC, (x, p) -> D.complete("b")))
        .hasMessageContaining("last segment");
    assertThatThrownBy(() -> c.get("/x/a{id}", RouteCatalog.Access.PUBLIC, (x, p) -> D.complete("b")))
        .hasMessageContaining("bad segment");
  }

  private static String call(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
        .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
