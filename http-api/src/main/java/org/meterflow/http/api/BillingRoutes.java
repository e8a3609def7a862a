package org.meterflow.http.api;

import static org.meterflow.http.api.RouteCatalog.Access.TOKEN;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.port.BillingStore;

/**
 * Billing over HTTP: {@code POST/GET /billing/runs}, {@code GET /consumers/{id}/bills},
 * {@code GET /bills/{id}} and {@code …/{id}.pdf}, {@code POST/GET /consumers}, {@code GET/POST
 * /tariffs} and {@code POST /readings/import}. Consumers see their own account and bills only;
 * anything else answers 404, as if it did not exist.
 */
final class BillingRoutes extends RouteSupport {

  /** {@code POST /api/v1/billing/runs}; {@code cycleDay} absent = every cycle day with meters. */
  record RunRequest(String period, Integer cycleDay) {}

  private final BillingApi billing;

  BillingRoutes(BillingApi billing) {
    this.billing = billing;
  }

  void declare(RouteCatalog routes) {
    routes.post("/api/v1/billing/runs", TOKEN, (caller, p) -> staff(caller, this::startRun))
        .get("/api/v1/billing/runs", TOKEN, (caller, p) -> staff(caller, () -> onComplete(billing.runs(),
            r -> r.isFailure() ? unavailable(r.failed().get()) : ok(r.get()))))
        .get("/api/v1/billing/runs/{id}", TOKEN, (caller, p) -> staff(caller,
            () -> onComplete(billing.run(p.get("id")), r -> r.isFailure() ? unavailable(r.failed().get())
                : r.get().map(this::ok).orElseGet(() -> notFound("no billing run " + p.get("id"))))))
        .post("/api/v1/consumers", TOKEN, (caller, p) -> addConsumer(caller))
        .get("/api/v1/consumers/{id}", TOKEN, (caller, p) -> consumer(caller, p.get("id")))
        .get("/api/v1/consumers/{id}/bills", TOKEN, (caller, p) -> billsOf(caller, p.get("id")))
        .get("/api/v1/bills/{billId}.pdf", TOKEN, (caller, p) -> withBill(caller, p.get("billId"), this::pdf))
        .get("/api/v1/bills/{billId}", TOKEN, (caller, p) -> withBill(caller, p.get("billId"), bill -> ok(BillView.of(bill))))
        .get("/api/v1/tariffs", TOKEN, (caller, p) -> tariffs(caller))
        .post("/api/v1/tariffs", TOKEN, (caller, p) -> addTariff(caller))
        .post("/api/v1/readings/import", TOKEN, (caller, p) -> importReadings(caller));
  }

  private Route staff(Caller caller, java.util.function.Supplier<Route> inner) {
    return caller.isStaff()
        ? inner.get()
        : problem(StatusCodes.FORBIDDEN, "Forbidden", "billing runs are for utility staff");
  }

  private Route startRun() {
    return entity(Json.unmarshaller(RunRequest.class), request -> {
      YearMonth month;
      try {
        month = YearMonth.parse(String.valueOf(request.period()));
      } catch (DateTimeParseException e) {
        return badRequest("period must be a month such as 2026-10");
      }
      int day = request.cycleDay() == null ? 0 : request.cycleDay();
      if (day < 0 || day > 28) {
        return badRequest("cycleDay must be 1..28");
      }
      return onComplete(billing.startRun(month.toString(), day), result -> {
        if (result.isFailure()) {
          return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "billing actor unavailable: "
              + unwrap(result.failed().get()).getMessage());
        }
        return complete(StatusCodes.ACCEPTED, Map.of("period", month.toString(), "runs", result.get()),
            Json.marshaller());
      });
    });
  }

  private Route consumer(Caller caller, String id) {
    return ifMine(caller, id, () -> onComplete(billing.consumer(id), r -> r.isFailure()
        ? unavailable(r.failed().get())
        : r.get().map(this::ok).orElseGet(() -> notFound("no consumer " + id))));
  }

  private Route billsOf(Caller caller, String id) {
    return ifMine(caller, id, () -> onComplete(billing.billsOf(id), r -> r.isFailure()
        ? unavailable(r.failed().get())
        : ok(r.get().stream().map(BillView::of).toList())));
  }

  private Route addConsumer(Caller caller) {
    if (!caller.isStaff()) {
      return problem(StatusCodes.FORBIDDEN, "Forbidden", "only utility staff add consumers");
    }
    return entity(Json.unmarshaller(BillingApi.NewConsumer.class), request -> {
      Consumer consumer;
      try {
        consumer = new Consumer(request.id(), request.name(), request.address(), request.email(),
            request.sanctionedLoadKw() == null ? java.math.BigDecimal.ONE : request.sanctionedLoadKw(), Instant.now());
      } catch (IllegalArgumentException | NullPointerException e) {
        return badRequest(String.valueOf(e.getMessage()));
      }
      return onComplete(billing.addConsumer(consumer), r -> {
        if (r.isSuccess()) {
          return complete(StatusCodes.CREATED, consumer, Json.marshaller());
        }
        Throwable cause = unwrap(r.failed().get());
        return cause instanceof BillingStore.Conflict
            ? problem(StatusCodes.CONFLICT, "Conflict", cause.getMessage())
            : unavailable(cause);
      });
    });
  }

  private Route pdf(StoredBill bill) {
    return onComplete(billing.pdf(bill), r -> r.isFailure()
        ? unavailable(r.failed().get())
        : complete(HttpResponse.create()
            .withEntity(HttpEntities.create(ContentTypes.create(org.apache.pekko.http.javadsl.model.MediaTypes.APPLICATION_PDF), r.get()))
            .addHeader(RawHeader.create("Content-Disposition", "inline; filename=\"" + bill.id() + ".pdf\""))));
  }

  private Route withBill(Caller caller, String id, Function<StoredBill, Route> inner) {
    return onComplete(billing.bill(id), r -> {
      if (r.isFailure()) {
        return unavailable(r.failed().get());
      }
      Optional<StoredBill> bill = r.get();
      if (bill.isEmpty() || !(caller.isStaff() || bill.get().consumerId().equals(caller.consumerId()))) {
        return notFound("no bill " + id);
      }
      return inner.apply(bill.get());
    });
  }

  private Route tariffs(Caller caller) {
    return caller.isStaff()
        ? onComplete(billing.tariffs(), r -> r.isFailure() ? unavailable(r.failed().get())
            : ok(r.get().stream().map(TariffDocument::of).toList()))
        : problem(StatusCodes.FORBIDDEN, "Forbidden", "tariffs are managed by utility staff");
  }

  private Route addTariff(Caller caller) {
    return caller.role() != Caller.Role.ADMIN
            ? problem(StatusCodes.FORBIDDEN, "Forbidden", "only an admin adds tariff versions")
            : entity(Json.unmarshaller(TariffDocument.class), doc -> {
              TariffVersion v;
              try {
                v = doc.toTariff();
              } catch (IllegalArgumentException | NullPointerException e) {
                return badRequest("invalid tariff: " + e.getMessage());
              }
              return onComplete(billing.addTariff(v), r -> {
                if (r.isSuccess()) {
                  return complete(StatusCodes.CREATED, TariffDocument.of(v), Json.marshaller());
                }
                Throwable cause = unwrap(r.failed().get());
                return cause instanceof BillingStore.Conflict
                    ? problem(StatusCodes.CONFLICT, "Conflict", cause.getMessage())
                    : unavailable(cause);
              });
            });
  }

  private Route importReadings(Caller caller) {
    return caller.role() != Caller.Role.ADMIN
        ? problem(StatusCodes.FORBIDDEN, "Forbidden", "only an admin imports historical readings")
        : entity(Json.unmarshaller(BillingApi.ReadingImport.class), request -> {
          if (request.serial() == null || request.readings() == null) {
            return badRequest("serial and readings are required");
          }
          return onComplete(billing.importReadings(request), r -> {
            if (r.isSuccess()) {
              return ok(r.get());
            }
            Throwable cause = unwrap(r.failed().get());
            return cause instanceof BillingApi.UnknownMeter
                ? notFound(cause.getMessage())
                : unavailable(cause);
          });
        });
  }

  /** A consumer may only address their own account. */
  private Route ifMine(Caller caller, String consumerId, java.util.function.Supplier<Route> inner) {
    if (!caller.isStaff() && !consumerId.equals(caller.consumerId())) {
      return notFound("no consumer " + consumerId);
    }
    return inner.get();
  }

  private Route unavailable(Throwable t) {
    return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "billing database unavailable: "
        + unwrap(t).getMessage());
  }
}
