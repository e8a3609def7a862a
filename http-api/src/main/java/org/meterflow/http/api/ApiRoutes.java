package org.meterflow.http.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.MissingQueryParamRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.javadsl.server.ExpectedWebSocketRequestRejection;
import org.meterflow.actors.ingest.IngestStats;
import org.meterflow.http.api.RouteCatalog.Access;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All HTTP routes of MeterFlow: health and metrics without a token, everything under
 * {@code /api/v1} with a bearer token; every error as {@code application/problem+json}.
 */
public final class ApiRoutes extends RouteSupport {

  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

  /**
   * Headers on every response (pages, API, errors): no framing, no sniffing, scripts and
   * connections only from this origin, no referrer.
   */
  private static final java.util.List<org.apache.pekko.http.javadsl.model.HttpHeader> SECURITY_HEADERS = java.util.List.of(
      org.apache.pekko.http.javadsl.model.headers.RawHeader.create("Content-Security-Policy",
          "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'"),
      org.apache.pekko.http.javadsl.model.headers.RawHeader.create("X-Content-Type-Options", "nosniff"),
      org.apache.pekko.http.javadsl.model.headers.RawHeader.create("Referrer-Policy", "no-referrer"));

  private final TokenAuthenticator authenticator;
  private final BooleanSupplier ready;
  private final PrometheusMeterRegistry metrics;
  private final IngestStats stats;
  private final MeterRoutes meters;
  private final ReadingRoutes readings;
  private final LiveRoutes live;
  private final TokenRoutes tokens;
  private final GatewayRoutes gateways;
  private final EventRoutes events;
  private final ReportRoutes reports;
  private final HttpLimits limits;
  private final AuthFailureLimiter authFailures;
  private final BillingRoutes billing;
  private final LakeRoutes lake;
  private final LoadRoutes load;
  private final NetworkRoutes network;
  private final UtilisationRoutes utilisation;
  private final ForecastRoutes forecasts;
  private final DashboardRoutes dashboards;
  private final ClusterRoutes cluster;
  private final WebRoutes web = new WebRoutes();
  private RouteCatalog catalog;

  public ApiRoutes(ApiServices services) {
    this.limits = services.limits();
    this.authFailures = new AuthFailureLimiter(limits.authFailures(), limits.authWindow(), limits.trackedAddresses(),
        java.time.Clock.systemUTC());
    this.authenticator = services.authenticator();
    this.ready = services.ready();
    this.metrics = services.metrics();
    this.stats = services.ingestStats();
    this.meters = new MeterRoutes(services.meters());
    this.readings = new ReadingRoutes(services.readings(), meters);
    this.live = new LiveRoutes(services.live(), services.eventFeed(), meters);
    this.tokens = new TokenRoutes(services.tokens());
    this.gateways = new GatewayRoutes(services.gateways());
    this.events = new EventRoutes(services.events(), meters);
    this.reports = new ReportRoutes(services.compliance(), meters);
    this.load = new LoadRoutes(services.readings());
    this.lake = new LakeRoutes(services.lake());
    this.network = new NetworkRoutes(services.network());
    this.utilisation = new UtilisationRoutes(services.utilisation());
    this.forecasts = new ForecastRoutes(services.forecasts());
    this.billing = new BillingRoutes(services.billing());
    this.dashboards = new DashboardRoutes(services.dashboards());
    this.cluster = new ClusterRoutes(services.cluster());
  }

  /**
   * The whole server: every route declared in one {@link RouteCatalog} (see {@link #declare}), so
   * the catalog that {@link #operations()} lists is exactly what is served.
   */
  public Route route() {
    RouteCatalog routes = catalog();
    return respondWithDefaultHeaders(SECURITY_HEADERS, () -> handleExceptions(exceptions(), () -> handleRejections(rejections(),
        () -> routes.route(this, this::guard))));
  }

  /** Every declared route (API, pages), in matching order; what {@code openapi.yaml} must describe. */
  public java.util.List<RouteCatalog.Operation> operations() {
    return catalog().operations();
  }

  private synchronized RouteCatalog catalog() {
    if (catalog == null) {
      catalog = declare();
    }
    return catalog;
  }

  private RouteCatalog declare() {
    RouteCatalog routes = new RouteCatalog();
    web.declare(routes);
    routes.get("/health/live", Access.PUBLIC, (caller, p) -> ok(new Health("UP")))
        .get("/health/ready", Access.PUBLIC, (caller, p) -> ready.getAsBoolean()
            ? ok(new Health("UP"))
            : problem(StatusCodes.SERVICE_UNAVAILABLE, "Not Ready", "MeterFlow is starting or stopping"))
        .get("/metrics", Access.PUBLIC, (caller, p) -> complete(HttpResponse.create().withEntity(
            HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape()))))
        .get("/api/v1/openapi.yaml", Access.PUBLIC, (caller, p) -> complete(HttpResponse.create().withEntity(
            HttpEntities.create(OpenApiDocument.CONTENT_TYPE, OpenApiDocument.yaml()))));
    new SwaggerUi().declare(routes);
    live.declare(routes);
    meters.declare(routes);
    readings.declare(routes);
    tokens.declare(routes);
    gateways.declare(routes);
    events.declare(routes);
    reports.declare(routes);
    lake.declare(routes);
    network.declare(routes);
    utilisation.declare(routes);
    forecasts.declare(routes);
    billing.declare(routes);
    load.declare(routes);
    dashboards.declare(routes);
    cluster.declare(routes);
    routes.get("/api/v1/ingest/stats", Access.TOKEN, (caller, p) -> staff(caller, () -> ok(stats.snapshot())))
        .get("/api/v1/ingest/rejections", Access.TOKEN, (caller, p) -> staff(caller, () -> ok(stats.recentRejections())));
    return routes;
  }

  private Route staff(Caller caller, java.util.function.Supplier<Route> inner) {
    return caller.isStaff()
        ? inner.get()
        : problem(StatusCodes.FORBIDDEN, "Forbidden", "ingest statistics are for utility staff");
  }

  /** The access check of a declared route; every route that takes a token also has the body size limit. */
  private Route guard(RouteCatalog.Operation operation, Function<Caller, Route> handler) {
    return switch (operation.access()) {
      case PUBLIC -> handler.apply(null);
      case TOKEN -> withSizeLimit(limits.maxRequestBytes(), () -> authenticated(false, handler));
      case TOKEN_OR_QUERY -> withSizeLimit(limits.maxRequestBytes(), () -> authenticated(true, handler));
    };
  }

  /** Bearer token from the Authorization header, or (WebSocket only) the access_token parameter. */
  private Route authenticated(boolean allowQueryToken, Function<Caller, Route> inner) {
    return extractClientIP(remote -> {
      String address = remote.getAddress().map(java.net.InetAddress::getHostAddress).orElse("unknown");
      Optional<java.time.Duration> blocked = authFailures.blockedFor(address);
      if (blocked.isPresent()) {
        long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
        return respondWithHeader(org.apache.pekko.http.javadsl.model.headers.RawHeader.create("Retry-After", Long.toString(seconds)),
            () -> problem(StatusCodes.TOO_MANY_REQUESTS, "Too Many Requests",
                "too many failed authentications from this address; retry in " + seconds + " s"));
      }
      return authenticated(allowQueryToken, address, inner);
    });
  }

  private Route authenticated(boolean allowQueryToken, String address, Function<Caller, Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> parameterOptional("access_token", param -> {
      Optional<String> token = header
          .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
          .map(h -> h.substring(7).trim());
      if (token.isEmpty() && allowQueryToken) {
        token = param;
      }
      Optional<Caller> caller = token.flatMap(authenticator::authenticate);
      if (caller.isEmpty()) {
        authFailures.failed(address);
        return respondWithHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "meterflow")),
            () -> problem(StatusCodes.UNAUTHORIZED, "Unauthorized", "a valid bearer token is required"));
      }
      return inner.apply(caller.get());
    }));
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handle(MalformedRequestContentRejection.class, r -> r.getCause() instanceof EntityStreamSizeException
            ? tooLarge()
            : badRequest("malformed request body: " + r.message()))
        .handle(UnsupportedRequestContentTypeRejection.class, r ->
            problem(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", "send application/json"))
        .handle(MissingQueryParamRejection.class, r -> badRequest("missing query parameter " + r.parameterName()))
        .handle(ExpectedWebSocketRequestRejection.class, r -> live.notWebSocket())
        .handleAll(MethodRejection.class, rs -> complete(Problem.response(StatusCodes.METHOD_NOT_ALLOWED,
            Problem.METHOD_NOT_ALLOWED, "Method Not Allowed", "method not allowed here; allowed: "
                + String.join(", ", rs.stream().map(r -> r.supported().name()).distinct().toList()), java.util.Map.of())))
        .handleNotFound(complete(Problem.response(StatusCodes.NOT_FOUND, Problem.NO_SUCH_ROUTE, "Not Found",
            "no such resource", java.util.Map.of())))
        .handleAll(Rejection.class, rs -> badRequest("request rejected: " + rs.get(0)))
        .build();
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> tooLarge())
        .matchAny(e -> {
          log.error("request failed", e);
          return problem(StatusCodes.INTERNAL_SERVER_ERROR, "Internal Server Error", "see the server log");
        })
        .build();
  }

  private Route tooLarge() {
    return problem(StatusCodes.PAYLOAD_TOO_LARGE, "Content Too Large",
        "the request body exceeds " + limits.maxRequestBytes() + " bytes");
  }

  record Health(String status) {}
}
