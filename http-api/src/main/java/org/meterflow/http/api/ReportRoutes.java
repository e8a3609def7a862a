package org.meterflow.http.api;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.quality.En50160Result;
import org.meterflow.model.quality.RegionCompliance;

/**
 * {@code GET /api/v1/reports/en50160?meter=|region=&week=2026-W48}: EN 50160 weekly compliance
 * (weeks are ISO weeks, Monday 00:00 UTC; default: the last complete week). Regions: staff only.
 */
final class ReportRoutes extends RouteSupport {

  /** A meter's week; NaN values (no data) are null. */
  record MeterReport(String serial, String week, Instant weekStart, Instant weekEnd, int intervals,
      int measuredIntervals, Double voltageShare, boolean voltageCompliant, Double frequencyShare,
      boolean frequencyCompliant, boolean compliant, Double minMeanVoltage, Double maxMeanVoltage,
      Double minMeanFrequency, Double maxMeanFrequency) {

    static MeterReport of(String week, En50160Result r) {
      return new MeterReport(r.serial(), week, r.weekStart(), r.weekEnd(), r.intervals(), r.measuredIntervals(),
          finite(r.voltageShare()), r.voltageCompliant(), finite(r.frequencyShare()), r.frequencyCompliant(),
          r.compliant(), finite(r.minMeanVoltage()), finite(r.maxMeanVoltage()), finite(r.minMeanFrequency()),
          finite(r.maxMeanFrequency()));
    }
  }

  /** A region's week. */
  record RegionReport(String region, String week, Instant weekStart, int meters, int compliantMeters,
      Double compliantShare, Double voltageShare, Double frequencyShare, List<String> nonCompliantSerials) {

    static RegionReport of(String week, RegionCompliance r) {
      return new RegionReport(r.region(), week, r.weekStart(), r.meters(), r.compliantMeters(),
          finite(r.compliantShare()), finite(r.voltageShare()), finite(r.frequencyShare()), r.nonCompliantSerials());
    }
  }

  private final ComplianceReports reports;
  private final MeterRoutes meters;

  ReportRoutes(ComplianceReports reports, MeterRoutes meters) {
    this.reports = reports;
    this.meters = meters;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/reports/en50160", RouteCatalog.Access.TOKEN, (caller, p) -> en50160(caller));
  }

  private Route en50160(Caller caller) {
    return parameterOptional("meter", meter -> parameterOptional("region", region ->
        parameterOptional("week", week -> {
          Instant start;
          try {
            start = weekStart(week);
          } catch (DateTimeParseException e) {
            return badRequest("week must be an ISO week such as 2026-W48");
          }
          String label = label(start);
          if (meter.isPresent() == region.isPresent()) {
            return badRequest("give exactly one of meter or region");
          }
          if (meter.isPresent()) {
            return meters.withMeter(caller, meter.get(), m -> onComplete(reports.meter(m.serial(), start), r ->
                r.isFailure() ? unavailable()
                    : r.get().map(result -> ok(MeterReport.of(label, result))).orElseGet(() -> notFound("no meter"))));
          }
          if (!caller.isStaff()) {
            return problem(StatusCodes.FORBIDDEN, "Forbidden", "region reports are for utility staff");
          }
          return onComplete(reports.region(region.get(), start), r ->
              r.isFailure() ? unavailable() : ok(RegionReport.of(label, r.get())));
        })));
  }

  private Route unavailable() {
    return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "reading store unavailable");
  }

  /** Monday 00:00 UTC of the ISO week, or of the last complete week. */
  static Instant weekStart(Optional<String> week) {
    LocalDate monday = week.isPresent()
        ? LocalDate.parse(week.get() + "-1", DateTimeFormatter.ISO_WEEK_DATE)
        : LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
    return monday.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  static String label(Instant weekStart) {
    LocalDate d = LocalDate.ofInstant(weekStart, ZoneOffset.UTC);
    return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private static Double finite(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }
}
