package org.meterflow.http.api;

import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /api/v1/events?type=&region=&meter=&state=open|cleared&limit=}. Consumers: their own meter only. */
final class EventRoutes extends RouteSupport {

  static final Set<String> TYPES = Set.of("sag", "swell", "interruption", "undervoltage", "overvoltage", "frequency",
      "outage", "area-outage", "tamper", "capacity");
  static final int MAX_LIMIT = 5000;

  private final EventQuery events;
  private final MeterRoutes meters;

  EventRoutes(EventQuery events, MeterRoutes meters) {
    this.events = events;
    this.meters = meters;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/events", RouteCatalog.Access.TOKEN, (caller, p) -> find(caller));
  }

  private Route find(Caller caller) {
    return parameterOptional("type", type -> parameterOptional("region", region ->
        parameterOptional("meter", meter -> parameterOptional("state", state -> parameterOptional("limit", limit -> {
          if (type.isPresent() && !TYPES.contains(type.get())) {
            return badRequest("type must be one of " + String.join(", ", TYPES.stream().sorted().toList()));
          }
          if (state.isPresent() && !state.get().equals("open") && !state.get().equals("cleared")) {
            return badRequest("state must be open or cleared");
          }
          int max;
          try {
            max = limit.map(Integer::parseInt).orElse(500);
          } catch (NumberFormatException e) {
            return badRequest("limit must be a whole number");
          }
          if (max < 1 || max > MAX_LIMIT) {
            return badRequest("limit must be between 1 and " + MAX_LIMIT);
          }
          Boolean open = state.map("open"::equals).orElse(null);
          if (caller.isStaff()) {
            return answer(type, region, meter, open, max);
          }
          if (meter.isEmpty()) {
            return badRequest("meter is required");
          }
          return meters.withMeter(caller, meter.get(), m -> answer(type, region, meter, open, max));
        })))));
  }

  private Route answer(Optional<String> type, Optional<String> region, Optional<String> meter, Boolean open, int limit) {
    return onComplete(events.find(type.orElse(null), region.orElse(null), meter.orElse(null), open, limit),
        result -> result.isSuccess()
            ? ok(result.get())
            : problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "event store unavailable"));
  }
}
