package org.meterflow.http.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** What the built-in pages need beyond the rest of the API: a consumer's usage so far and meter search. */
public interface DashboardQueries {

  /** The consumer's meters with today's and this billing period's usage and cost so far; empty list when none. */
  CompletionStage<Usage> usage(String consumerId);

  /** Meters whose serial or consumer id starts with {@code query} (case as stored), by serial, at most {@code limit}. */
  CompletionStage<List<MeterHit>> searchMeters(String query, int limit);

  /** {@code GET /api/v1/consumers/{id}/usage}. */
  record Usage(String consumerId, String zone, Instant asOf, List<MeterUsage> meters) {}

  /**
   * One meter: today (local midnight → now) and the current billing period (its cycle day's period
   * containing today, start → now) in kWh, and what the period's bill would be if the period ended
   * now ({@code cost}, the full month's fixed charge included; null with {@code costNote} when no
   * tariff of the meter's category is in force), plus daily and monthly kWh of the last six months.
   */
  record MeterUsage(String serial, String tariffCategory, String tariffCode, int cycleDay, LocalDate periodStart,
      LocalDate periodEnd, BigDecimal todayKwh, BigDecimal periodImportKwh, BigDecimal periodExportKwh,
      BigDecimal cost, String currency, String costNote, List<BillView.Line> lines, List<Day> daily,
      List<Month> monthly) {}

  record Day(LocalDate date, BigDecimal kwh) {}

  record Month(String month, BigDecimal kwh) {}

  /** A meter found by {@code GET /api/v1/meters?q=}. */
  record MeterHit(String serial, String consumerId, String region, String feeder, String dt, String status) {}
}
