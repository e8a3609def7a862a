package org.meterflow.http.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Directives every route class shares: JSON completion, problem responses, meter access checks. */
abstract class RouteSupport extends AllDirectives {

  protected Route ok(Object body) {
    return complete(StatusCodes.OK, body, Json.marshaller());
  }

  protected Route problem(org.apache.pekko.http.javadsl.model.StatusCode status, String title, String detail) {
    return complete(Problem.response(status, title, detail));
  }

  protected Route notFound(String detail) {
    return problem(StatusCodes.NOT_FOUND, "Not Found", detail);
  }

  protected Route badRequest(String detail) {
    return problem(StatusCodes.BAD_REQUEST, "Bad Request", detail);
  }

  /** Parses an ISO-8601 instant query value, or answers 400. */
  protected Route withInstant(Optional<String> value, Instant fallback, String name, Function<Instant, Route> inner) {
    if (value.isEmpty()) {
      return inner.apply(fallback);
    }
    try {
      return inner.apply(Instant.parse(value.get()));
    } catch (DateTimeParseException e) {
      return badRequest(name + " must be an ISO-8601 instant such as 2026-11-26T10:15:00Z");
    }
  }

  protected static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
