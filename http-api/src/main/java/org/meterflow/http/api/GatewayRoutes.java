package org.meterflow.http.api;

import static org.meterflow.http.api.RouteCatalog.Access.TOKEN;

import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.port.MeterRegistry;

/** {@code POST /api/v1/gateways} and {@code GET /api/v1/gateways/{id}}: utility staff only. */
final class GatewayRoutes extends RouteSupport {

  /** Body of {@code POST /api/v1/gateways}. */
  record GatewayRequest(String id, List<String> meters) {}

  private final GatewayOnboarding gateways;

  GatewayRoutes(GatewayOnboarding gateways) {
    this.gateways = gateways;
  }

  /** Consumers learn nothing about gateways, not even that the routes exist: 404. */
  void declare(RouteCatalog routes) {
    routes.post("/api/v1/gateways", TOKEN, (caller, p) -> !caller.isStaff()
            ? notFound("no such resource")
            : entity(Json.unmarshaller(GatewayRequest.class), this::register))
        .get("/api/v1/gateways/{id}", TOKEN, (caller, p) -> !caller.isStaff()
            ? notFound("no such resource")
            : find(p.get("id")));
    for (org.meterflow.model.meter.MeterStatus.Change change : org.meterflow.model.meter.MeterStatus.Change.values()) {
      routes.post("/api/v1/gateways/{id}/" + change.name().toLowerCase(java.util.Locale.ROOT), TOKEN,
          (caller, p) -> !caller.isStaff() ? notFound("no such resource") : change(p.get("id"), change));
    }
  }

  private Route change(String id, org.meterflow.model.meter.MeterStatus.Change change) {
    return onComplete(gateways.change(id, change), result -> {
      if (result.isFailure()) {
        return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable",
            "status change failed: " + unwrap(result.failed().get()).getMessage());
      }
      GatewayOnboarding.StatusChange outcome = result.get();
      if (outcome instanceof GatewayOnboarding.StatusChange.Changed changed) {
        return ok(changed.gateway());
      }
      if (outcome instanceof GatewayOnboarding.StatusChange.NotAllowed refused) {
        return problem(StatusCodes.CONFLICT, "Conflict", refused.reason());
      }
      return notFound("no gateway " + id);
    });
  }

  private Route find(String id) {
    return onComplete(gateways.find(id), result -> result.isFailure()
        ? problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "registry unavailable")
        : result.get().map(this::ok).orElseGet(() -> notFound("no gateway " + id)));
  }

  private Route register(GatewayRequest request) {
    if (request.id() == null || request.id().isBlank()) {
      return badRequest("id is required");
    }
    if (request.meters() == null || request.meters().isEmpty()) {
      return badRequest("meters must list the serials the gateway reports for");
    }
    return onComplete(gateways.register(request.id(), request.meters()), result -> {
      if (result.isSuccess()) {
        return complete(StatusCodes.CREATED, result.get(), Json.marshaller());
      }
      Throwable cause = unwrap(result.failed().get());
      if (cause instanceof MeterRegistry.AlreadyRegistered) {
        return problem(StatusCodes.CONFLICT, "Conflict", cause.getMessage());
      }
      if (cause instanceof GatewayOnboarding.UnknownMeters || cause instanceof IllegalArgumentException) {
        return badRequest(cause.getMessage());
      }
      return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "registration failed: " + cause.getMessage());
    });
  }
}
