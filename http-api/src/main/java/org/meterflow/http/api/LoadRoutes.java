package org.meterflow.http.api;

import static org.meterflow.http.api.RouteCatalog.Access.TOKEN;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.port.ReadingStore;

/**
 * Load of an area of the network, for utility staff: {@code GET /api/v1/regions/{region}/load},
 * {@code /api/v1/feeders/{feeder}/load} and {@code /api/v1/dts/{dt}/load}, each with
 * {@code ?from=ISO&to=ISO&step=15m} (default: the last day in 15-min steps).
 */
final class LoadRoutes extends RouteSupport {

  private final ReadingStore store;

  LoadRoutes(ReadingStore store) {
    this.store = store;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/regions/{region}/load", TOKEN, (caller, p) -> load(caller, NetworkLevel.REGION, p.get("region")))
        .get("/api/v1/feeders/{feeder}/load", TOKEN, (caller, p) -> load(caller, NetworkLevel.FEEDER, p.get("feeder")))
        .get("/api/v1/dts/{dt}/load", TOKEN, (caller, p) -> load(caller, NetworkLevel.DT, p.get("dt")));
  }

  private Route load(Caller caller, NetworkLevel level, String id) {
    return caller.isStaff()
        ? load(level, id)
        : problem(StatusCodes.FORBIDDEN, "Forbidden", "network load is for utility staff");
  }

  private Route load(NetworkLevel level, String id) {
    return parameterOptional("from", fromParam -> parameterOptional("to", toParam ->
        parameterOptional("step", stepParam -> withInstant(toParam, Instant.now(), "to", to ->
            withInstant(fromParam, to.minus(Duration.ofDays(1)), "from", from -> {
              String stepText = stepParam.orElse("15m");
              Duration step;
              try {
                step = Steps.parse(stepText);
              } catch (IllegalArgumentException e) {
                return badRequest(e.getMessage());
              }
              if (!from.isBefore(to)) {
                return badRequest("from must be before to");
              }
              if (Duration.between(from, to).dividedBy(step) > ReadingRoutes.MAX_POINTS) {
                return badRequest("more than " + ReadingRoutes.MAX_POINTS + " points: use a larger step or a shorter range");
              }
              return onComplete(store.load(level, id, from, to, step), result -> result.isSuccess()
                  ? ok(new Load(level.tag(), id, stepText, from, to, result.get()))
                  : problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "time-series store unavailable"));
            })))));
  }

  /** Body: the area and its load points (kW, kVA, meters reporting) per step. */
  record Load(String level, String id, String step, Instant from, Instant to, List<LoadPoint> points) {}
}
