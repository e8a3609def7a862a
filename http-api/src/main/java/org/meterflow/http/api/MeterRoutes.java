package org.meterflow.http.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.MeterRegistry;

/** {@code POST /api/v1/meters} and {@code GET /api/v1/meters/{serial}}. */
final class MeterRoutes extends RouteSupport {

  private final MeterOnboarding onboarding;

  MeterRoutes(MeterOnboarding onboarding) {
    this.onboarding = onboarding;
  }

  Route routes(Caller caller) {
    return concat(
        pathEnd(() -> post(() -> register(caller))),
        path(segment(), serial -> get(() -> withMeter(caller, serial, this::ok))),
        path(segment().slash("revoke"), serial -> post(() -> revoke(caller, serial))));
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

  private Route revoke(Caller caller, String serial) {
    if (!caller.isStaff()) {
      return notFound("no meter " + serial);
    }
    return onComplete(onboarding.revoke(serial), result -> {
      if (result.isFailure()) {
        return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "revocation failed: " + unwrap(result.failed().get()).getMessage());
      }
      return result.get().map(this::ok).orElseGet(() -> notFound("no meter " + serial));
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
