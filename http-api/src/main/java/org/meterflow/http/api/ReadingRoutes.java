package org.meterflow.http.api;

import static org.meterflow.http.api.RouteCatalog.Access.TOKEN;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.ReadingPoint;

/** {@code GET /api/v1/meters/{serial}/readings/latest} and {@code …/readings?from&to&step}. */
final class ReadingRoutes extends RouteSupport {

  /** Most points one range query may return. */
  static final long MAX_POINTS = 20_000;

  private final ReadingStore store;
  private final MeterRoutes meters;

  ReadingRoutes(ReadingStore store, MeterRoutes meters) {
    this.store = store;
    this.meters = meters;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/meters/{serial}/readings/latest", TOKEN,
            (caller, p) -> meters.withMeter(caller, p.get("serial"), meter -> latest(meter.serial())))
        .get("/api/v1/meters/{serial}/readings", TOKEN,
            (caller, p) -> meters.withMeter(caller, p.get("serial"), meter -> range(meter.serial())));
  }

  private Route latest(String serial) {
    return onComplete(store.latest(serial), result -> {
      if (result.isFailure()) {
        return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "time-series store unavailable");
      }
      return result.get().map(r -> ok(ReadingView.of(r)))
          .orElseGet(() -> notFound("meter " + serial + " has no readings yet"));
    });
  }

  private Route range(String serial) {
    return parameterOptional("from", fromParam -> parameterOptional("to", toParam ->
        parameterOptional("step", stepParam -> {
          Instant now = Instant.now();
          return withInstant(toParam, now, "to", to ->
              withInstant(fromParam, to.minus(Duration.ofDays(1)), "from", from -> {
                Duration step;
                try {
                  step = Steps.parse(stepParam.orElse("15m"));
                } catch (IllegalArgumentException e) {
                  return badRequest(e.getMessage());
                }
                if (!from.isBefore(to)) {
                  return badRequest("from must be before to");
                }
                if (Duration.between(from, to).dividedBy(step) > MAX_POINTS) {
                  return badRequest("more than " + MAX_POINTS + " points: use a larger step or a shorter range");
                }
                String stepText = stepParam.orElse("15m");
                return onComplete(store.range(serial, from, to, step), result -> result.isSuccess()
                    ? ok(new Series(serial, stepText, from, to, result.get()))
                    : problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "time-series store unavailable"));
              }));
        })));
  }

  /** Body of the range query. */
  record Series(String serial, String step, Instant from, Instant to, List<ReadingPoint> points) {}
}
