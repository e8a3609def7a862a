package org.meterflow.http.api;

import java.time.Duration;
import java.time.Instant;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.utilisation.UtilisationStat;

/**
 * {@code GET /api/v1/utilisation?level=dt|feeder&region=&from=&to=&stat=peak|p95|mean&format=json|csv}
 * (staff only; default window: the 7 days before now; default stat: peak).
 */
final class UtilisationRoutes extends RouteSupport {

  static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
  static final Duration MAX_WINDOW = Duration.ofDays(366);

  private final UtilisationQuery query;

  UtilisationRoutes(UtilisationQuery query) {
    this.query = query;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/utilisation", RouteCatalog.Access.TOKEN, (caller, p) -> utilisation(caller));
  }

  private Route utilisation(Caller caller) {
    if (!caller.isStaff()) {
      return problem(StatusCodes.FORBIDDEN, "Forbidden", "utilisation is for utility staff");
    }
    return parameter("level", level -> parameterOptional("region", region -> parameterOptional("from", from ->
        parameterOptional("to", to -> parameterOptional("stat", stat -> parameterOptional("format", format -> {
          AssetKind kind;
          UtilisationStat s;
          try {
            kind = AssetKind.ofCode(level);
            s = UtilisationStat.ofCode(stat.orElse("peak"));
          } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage().replace("asset kind", "level"));
          }
          String f = format.orElse("json");
          if (!f.equals("json") && !f.equals("csv")) {
            return badRequest("format must be json or csv");
          }
          Instant now = Instant.now();
          return withInstant(to, now, "to", end -> withInstant(from, end.minus(DEFAULT_WINDOW), "from", start -> {
            if (!start.isBefore(end)) {
              return badRequest("from must be before to");
            }
            if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
              return badRequest("the window may span at most 366 days");
            }
            return onComplete(query.utilisation(kind, region.orElse(null), start, end, s), r -> {
              if (r.isFailure()) {
                return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "load data unavailable");
              }
              return f.equals("csv") ? csv(r.get()) : ok(r.get());
            });
          }));
        }))))));
  }

  private Route csv(UtilisationQuery.Report report) {
    String name = "utilisation-" + report.level() + (report.region() == null ? "" : "-" + report.region()) + ".csv";
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.TEXT_CSV_UTF8, render(report)))
        .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT, java.util.Map.of("filename", name))));
  }

  /**
   * One row per asset × local weekday × hour: {@code level,id,region,feeder,rated_kva,stat,day,hour,utilisation,flag};
   * utilisation is a share of the rating (1 = 100 %), empty where no load was measured.
   */
  static String render(UtilisationQuery.Report report) {
    StringBuilder sb = new StringBuilder("level,id,region,feeder,rated_kva,stat,day,hour,utilisation,flag\n");
    for (UtilisationQuery.AssetUtilisation a : report.assets()) {
      List<List<Double>> m = a.matrix();
      for (int d = 0; d < m.size(); d++) {
        String day = DayOfWeek.of(d + 1).name().toLowerCase(Locale.ROOT);
        for (int h = 0; h < m.get(d).size(); h++) {
          Double v = m.get(d).get(h);
          String flag = v == null ? "no-data" : v >= report.overload() ? "overload" : v >= report.high() ? "high" : "normal";
          sb.append(a.kind()).append(',').append(a.id()).append(',').append(a.region()).append(',').append(a.feeder())
              .append(',').append(a.ratedKva()).append(',').append(report.stat()).append(',').append(day).append(',')
              .append(h).append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.4f", v)).append(',')
              .append(flag).append('\n');
        }
      }
    }
    return sb.toString();
  }
}
