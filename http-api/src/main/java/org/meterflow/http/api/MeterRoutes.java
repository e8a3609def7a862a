package org.meterflow.http.api;

import static org.meterflow.http.api.RouteCatalog.Access.TOKEN;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.MeterRegistry;

/** {@code POST /api/v1/meters} and {@code GET /api/v1/meters/{serial}}. */
final class MeterRoutes extends RouteSupport {

  /** Rows per {@code POST /api/v1/meters/batch}; the CLI sends bigger files in batches of this size. */
  static final int MAX_BATCH = 1000;

  private final MeterOnboarding onboarding;

  MeterRoutes(MeterOnboarding onboarding) {
    this.onboarding = onboarding;
  }

  void declare(RouteCatalog routes) {
    routes.post("/api/v1/meters", TOKEN, (caller, p) -> register(caller))
        .post("/api/v1/meters/batch", TOKEN, (caller, p) -> registerBatch(caller))
        .get("/api/v1/meters/{serial}", TOKEN, (caller, p) -> withMeter(caller, p.get("serial"), this::ok))
        .post("/api/v1/meters/{serial}/revoke", TOKEN, (caller, p) -> change(caller, p.get("serial"), MeterStatus.Change.REVOKE))
        .post("/api/v1/meters/{serial}/suspend", TOKEN, (caller, p) -> change(caller, p.get("serial"), MeterStatus.Change.SUSPEND))
        .post("/api/v1/meters/{serial}/reactivate", TOKEN,
            (caller, p) -> change(caller, p.get("serial"), MeterStatus.Change.REACTIVATE))
        .post("/api/v1/meters/{serial}/decommission", TOKEN,
            (caller, p) -> change(caller, p.get("serial"), MeterStatus.Change.DECOMMISSION));
  }

  private Route register(Caller caller) {
    if (!caller.isStaff()) {
      return problem(StatusCodes.FORBIDDEN, "Forbidden", "only utility staff register meters");
    }
    return entity(Json.unmarshaller(RegisterMeterRequest.class), request -> {
      MeterRegistration registration;
      try {
        registration = request.toRegistration();
      } catch (IllegalArgumentException e) {
        return badRequest(e.getMessage());
      }
      CompletionStage<MeterOnboarding.MeterCredentials> issued = onboarding.register(registration);
      return onComplete(issued, result -> {
        if (result.isSuccess()) {
          return complete(StatusCodes.CREATED, result.get(), Json.marshaller());
        }
        Throwable cause = unwrap(result.failed().get());
        if (cause instanceof MeterRegistry.AlreadyRegistered) {
          return problem(StatusCodes.CONFLICT, "Conflict", cause.getMessage());
        }
        return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "registration failed: " + cause.getMessage());
      });
    });
  }

  /**
   * {@code POST /api/v1/meters/batch}: {@code {"meters":[…], "dryRun":false}}, at most
   * {@link #MAX_BATCH} meters, all registered or none. Any invalid row, a serial twice in the
   * batch or one already registered: 422 problem with {@code errors: [{row, serial, error}]}
   * and nothing written. {@code dryRun}: only the checks, 200 {@code {"valid": n}}.
   */
  private Route registerBatch(Caller caller) {
    if (!caller.isStaff()) {
      return problem(StatusCodes.FORBIDDEN, "Forbidden", "only utility staff register meters");
    }
    return entity(Json.unmarshaller(BatchRequest.class), request -> {
      List<RegisterMeterRequest> rows = request.meters() == null ? List.of() : request.meters();
      if (rows.isEmpty() || rows.size() > MAX_BATCH) {
        return badRequest("a batch holds 1 to " + MAX_BATCH + " meters, got " + rows.size());
      }
      List<MeterRegistration> registrations = new ArrayList<>(rows.size());
      List<Map<String, Object>> errors = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        try {
          MeterRegistration registration = rows.get(i).toRegistration();
          if (!seen.add(registration.serial())) {
            errors.add(rowError(i, registration.serial(), "serial appears twice in the batch"));
          }
          registrations.add(registration);
        } catch (IllegalArgumentException e) {
          errors.add(rowError(i, rows.get(i).serial(), e.getMessage()));
        }
      }
      if (!errors.isEmpty()) {
        return batchRefused(errors);
      }
      CompletableFuture<?>[] lookups = registrations.stream()
          .map(r -> onboarding.find(r.serial()).toCompletableFuture()).toArray(CompletableFuture[]::new);
      return onComplete(CompletableFuture.allOf(lookups), looked -> {
        if (looked.isFailure()) {
          return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "meter registry unavailable");
        }
        for (int i = 0; i < lookups.length; i++) {
          if (((Optional<?>) lookups[i].join()).isPresent()) {
            errors.add(rowError(i, registrations.get(i).serial(), "already registered"));
          }
        }
        if (!errors.isEmpty()) {
          return batchRefused(errors);
        }
        if (request.dryRun()) {
          return ok(Map.of("valid", registrations.size()));
        }
        return onComplete(onboarding.registerAll(registrations), result -> {
          if (result.isSuccess()) {
            return complete(StatusCodes.CREATED, result.get(), Json.marshaller());
          }
          Throwable cause = unwrap(result.failed().get());
          if (cause instanceof MeterRegistry.AlreadyRegistered) {
            return problem(StatusCodes.CONFLICT, "Conflict", cause.getMessage() + "; nothing was registered");
          }
          return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable",
              "registration failed, nothing was registered: " + cause.getMessage());
        });
      });
    });
  }

  private Route batchRefused(List<Map<String, Object>> errors) {
    return complete(Problem.response(StatusCodes.UNPROCESSABLE_ENTITY, "Unprocessable Content",
        errors.size() + " of the batch's rows are not acceptable; nothing was registered", Map.of("errors", errors)));
  }

  private static Map<String, Object> rowError(int row, String serial, String error) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("row", row);
    e.put("serial", serial == null ? "" : serial);
    e.put("error", error);
    return e;
  }

  /** Body of {@code POST /api/v1/meters/batch}. */
  record BatchRequest(List<RegisterMeterRequest> meters, boolean dryRun) {}

  /** Revoke, suspend, reactivate, decommission: staff only (others learn nothing: 404). */
  private Route change(Caller caller, String serial, MeterStatus.Change change) {
    if (!caller.isStaff()) {
      return notFound("no meter " + serial);
    }
    return onComplete(onboarding.change(serial, change), result -> {
      if (result.isFailure()) {
        return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable",
            "status change failed: " + unwrap(result.failed().get()).getMessage());
      }
      MeterOnboarding.StatusChange outcome = result.get();
      if (outcome instanceof MeterOnboarding.StatusChange.Changed changed) {
        return ok(changed.meter());
      }
      if (outcome instanceof MeterOnboarding.StatusChange.NotAllowed refused) {
        return problem(StatusCodes.CONFLICT, "Conflict", refused.reason());
      }
      return notFound("no meter " + serial);
    });
  }

  /**
   * Runs {@code inner} with the meter when the caller may see it; otherwise 404 (a consumer
   * learns nothing about meters that are not theirs, not even that they exist).
   */
  Route withMeter(Caller caller, String serial, Function<RegisteredMeter, Route> inner) {
    return onComplete(onboarding.find(serial), result -> {
      if (result.isFailure()) {
        return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "meter registry unavailable");
      }
      Optional<RegisteredMeter> meter = result.get();
      if (meter.isEmpty() || !mayView(caller, meter.get())) {
        return notFound("no meter " + serial);
      }
      return inner.apply(meter.get());
    });
  }

  private static boolean mayView(Caller caller, RegisteredMeter meter) {
    return caller.isStaff() || meter.registration().consumerId().equals(caller.consumerId());
  }
}
