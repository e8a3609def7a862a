package org.meterflow.http.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Staff only: {@code GET /api/v1/regions/{region}/forecast?date=YYYY-MM-DD&feeder=} (default date:
 * tomorrow, utility time) and {@code POST /api/v1/regions/{region}/forecast/runs} (forecast now).
 */
final class ForecastRoutes extends RouteSupport {

  private final ForecastQuery forecasts;

  ForecastRoutes(ForecastQuery forecasts) {
    this.forecasts = forecasts;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/regions/{region}/forecast", RouteCatalog.Access.TOKEN,
            (caller, p) -> staff(caller, () -> forecast(p.get("region"))))
        .post("/api/v1/regions/{region}/forecast/runs", RouteCatalog.Access.TOKEN,
            (caller, p) -> staff(caller, () -> run(p.get("region"))));
  }

  private Route staff(Caller caller, java.util.function.Supplier<Route> inner) {
    return caller.isStaff()
        ? inner.get()
        : problem(StatusCodes.FORBIDDEN, "Forbidden", "forecasts are for utility staff");
  }

  private Route run(String region) {
    return onComplete(forecasts.run(region), r -> r.isFailure()
        ? unavailable(r.failed().get())
        : complete(StatusCodes.CREATED, r.get(), Json.marshaller()));
  }

  private Route forecast(String region) {
    return parameterOptional("date", date -> parameterOptional("feeder", feeder -> {
      LocalDate day;
      try {
        day = date.map(LocalDate::parse).orElse(null);
      } catch (DateTimeParseException e) {
        return badRequest("date must be a local date such as 2026-11-27");
      }
      return onComplete(forecasts.forecast(region, feeder.orElse(null), day), r -> {
        if (r.isFailure()) {
          return unavailable(r.failed().get());
        }
        return r.get().map(this::ok).orElseGet(() -> notFound("no forecast of " + feeder.map(f -> "feeder " + f + " in ")
            .orElse("") + "region " + region + " for " + date.orElse("tomorrow")
            + "; runs are daily, or POST /api/v1/regions/" + region + "/forecast/runs"));
      });
    }));
  }

  private Route unavailable(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof IllegalArgumentException) {
      return badRequest(cause.getMessage());
    }
    return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "forecast store unavailable");
  }
}
