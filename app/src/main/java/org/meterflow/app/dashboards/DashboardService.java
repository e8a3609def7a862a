package org.meterflow.app.dashboards;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.meterflow.http.api.BillView;
import org.meterflow.http.api.DashboardQueries;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillCalculator;
import org.meterflow.model.billing.bill.BillInput;
import org.meterflow.model.billing.bill.Money;
import org.meterflow.model.billing.cycle.CycleGroup;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.tariff.TariffBook;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.port.BillingStore;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.ReadingPoint;

/**
 * {@link DashboardQueries} on the registry database, the time-series store and the billing domain.
 * Usage comes from the meter's registers in 15-minute steps (every zone offset is a multiple of
 * 15 min, so a step never straddles local midnight): a day's or period's kWh is the last register
 * in it minus the last register before it (the first register seen when the meter has nothing
 * older). The cost so far is the bill {@link BillCalculator} makes of the period's kWh so far under
 * the tariff version in force on the period's first day.
 */
public final class DashboardService implements DashboardQueries {

  static final Duration STEP = Duration.ofMinutes(15);
  static final int HISTORY_DAYS = 183;
  private static final BigDecimal ONE_KW = BigDecimal.ONE;

  private final DataSource registry;
  private final ReadingStore readings;
  private final BillingStore billing;
  private final ZoneId zone;
  private final Executor blocking;
  private final Clock clock;

  public DashboardService(DataSource registry, ReadingStore readings, BillingStore billing, ZoneId zone,
      Executor blocking, Clock clock) {
    this.registry = registry;
    this.readings = readings;
    this.billing = billing;
    this.zone = zone;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** A consumer's meter as the registry has it. */
  record OwnedMeter(String serial, String category, int cycleDay, boolean netMetered) {}

  /** What pricing needs: every tariff version and the consumer's account (if on file). */
  private record Account(List<TariffVersion> tariffs, Optional<Consumer> consumer) {}

  @Override
  public CompletionStage<Usage> usage(String consumerId) {
    Instant now = clock.instant();
    CompletableFuture<List<OwnedMeter>> owned = CompletableFuture.supplyAsync(() -> metersOf(consumerId), blocking);
    CompletableFuture<List<TariffVersion>> tariffs = billing.tariffs().toCompletableFuture();
    CompletableFuture<Optional<Consumer>> consumer = billing.consumer(consumerId).toCompletableFuture();
    CompletableFuture<Account> account = tariffs.thenCombineAsync(consumer, Account::new, blocking);
    return owned.thenComposeAsync(meters -> {
      List<CompletableFuture<MeterUsage>> each = new ArrayList<>();
      for (OwnedMeter m : meters) {
        each.add(account.thenComposeAsync(a -> meterUsage(m, now, a.tariffs(), a.consumer()), blocking));
      }
      return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApplyAsync(
          v -> new Usage(consumerId, zone.getId(), now, each.stream().map(CompletableFuture::join).toList()), blocking);
    }, blocking);
  }

  private CompletableFuture<MeterUsage> meterUsage(OwnedMeter m, Instant now, List<TariffVersion> tariffs,
      Optional<Consumer> consumer) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    BillingPeriod period = currentPeriod(m.cycleDay(), today);
    LocalDate firstDay = today.minusDays(HISTORY_DAYS - 1L);
    LocalDate from = period.start().isBefore(firstDay) ? period.start() : firstDay;
    Instant start = from.atStartOfDay(zone).toInstant().minus(Duration.ofDays(1));
    Instant end = now.plus(STEP);
    return readings.range(m.serial(), start, end, STEP).toCompletableFuture().thenComposeAsync(points -> {
      Optional<ReadingPoint> first = points.stream().filter(p -> p.samples() > 0).min(Comparator.comparing(ReadingPoint::ts));
      if (first.isEmpty()) {
        return CompletableFuture.completedFuture(new Registers(points, null));
      }
      // the meter's very first step: its first register, to the second, so its first quarter hour counts too
      return readings.range(m.serial(), first.get().ts(), first.get().ts().plus(STEP), Duration.ofSeconds(1))
          .toCompletableFuture().thenApplyAsync(fine -> new Registers(points,
              fine.stream().filter(p -> p.samples() > 0).min(Comparator.comparing(ReadingPoint::ts)).orElse(null)), blocking);
    }, blocking).thenApplyAsync(regs -> {
      BigDecimal todayKwh = Money.kwh(regs.importBetween(today.atStartOfDay(zone).toInstant(), end));
      double periodImport = regs.importBetween(period.startInstant(zone), end);
      double periodExport = m.netMetered() ? regs.exportBetween(period.startInstant(zone), end) : 0;
      List<Day> daily = new ArrayList<>();
      Map<YearMonth, BigDecimal> monthly = new LinkedHashMap<>();
      for (LocalDate d = firstDay; !d.isAfter(today); d = d.plusDays(1)) {
        Instant dayStart = d.atStartOfDay(zone).toInstant();
        Instant dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant();
        if (!regs.hasDataIn(dayStart, dayEnd)) {
          continue;
        }
        BigDecimal kwh = Money.kwh(regs.importBetween(dayStart, dayEnd));
        daily.add(new Day(d, kwh));
        monthly.merge(YearMonth.from(d), kwh, BigDecimal::add);
      }
      List<Month> months = monthly.entrySet().stream().map(e -> new Month(e.getKey().toString(), e.getValue())).toList();
      BigDecimal importKwh = Money.kwh(periodImport);
      BigDecimal exportKwh = Money.kwh(periodExport);
      BigDecimal sanctioned = consumer.map(Consumer::sanctionedLoadKw).orElse(ONE_KW);
      Optional<TariffVersion> version = new TariffBook(tariffs).inForce(m.category(), period.start());
      if (version.isEmpty()) {
        return new MeterUsage(m.serial(), m.category(), null, m.cycleDay(), period.start(), period.end(), todayKwh,
            importKwh, exportKwh, null, "INR", "no " + m.category() + " tariff in force on " + period.start(), List.of(),
            daily, months);
      }
      Bill bill = new BillCalculator(new TariffBook(tariffs), 0).calculate(new BillInput(m.serial(), m.category(), period,
          sanctioned, importKwh, exportKwh, Map.of(), false, Set.of()), version.get());
      List<BillView.Line> lines = bill.lines().stream()
          .map(l -> new BillView.Line(l.kind().name(), l.description(), l.quantity(), l.rate(), l.amount())).toList();
      return new MeterUsage(m.serial(), m.category(), version.get().code(), m.cycleDay(), period.start(), period.end(),
          todayKwh, importKwh, exportKwh, bill.total(), "INR",
          "the bill if the period ended now (fixed charge for the whole period)", lines, daily, months);
    }, blocking);
  }

  /** The period of cycle day {@code cycleDay} that contains {@code today}. */
  static BillingPeriod currentPeriod(int cycleDay, LocalDate today) {
    int day = Math.max(1, Math.min(28, cycleDay));
    CycleGroup group = new CycleGroup("day-" + day, day);
    BillingPeriod p = group.periodStartingIn(YearMonth.from(today));
    return today.isBefore(p.start()) ? group.periodStartingIn(YearMonth.from(today).minusMonths(1)) : p;
  }

  /**
   * A meter's register series (points in time order, each the last register of its step). A span's
   * kWh is its last register minus the last one before it, or minus the meter's first reading when
   * the span holds the meter's first step.
   */
  static final class Registers {
    private final List<ReadingPoint> points;
    private final ReadingPoint origin;

    /** @param origin the meter's first reading (to the second), the base before its first step; null = that step's register */
    Registers(List<ReadingPoint> points, ReadingPoint origin) {
      this.points = points.stream().filter(p -> p.samples() > 0).sorted(Comparator.comparing(ReadingPoint::ts)).toList();
      this.origin = origin;
    }

    boolean hasDataIn(Instant from, Instant to) {
      return points.stream().anyMatch(p -> !p.ts().isBefore(from) && p.ts().isBefore(to));
    }

    double importBetween(Instant from, Instant to) {
      return between(from, to, true);
    }

    double exportBetween(Instant from, Instant to) {
      return between(from, to, false);
    }

    /** Last register in [from, to) minus the last one before {@code from} (or the first in range); 0 without data. */
    private double between(Instant from, Instant to, boolean imports) {
      ReadingPoint before = null;
      ReadingPoint first = null;
      ReadingPoint last = null;
      for (ReadingPoint p : points) {
        if (p.ts().isBefore(from)) {
          before = p;
        } else if (p.ts().isBefore(to)) {
          if (first == null) {
            first = p;
          }
          last = p;
        }
      }
      if (last == null) {
        return 0;
      }
      ReadingPoint base = before != null ? before
          : origin != null && first == points.get(0) ? origin : first;
      double v = value(last, imports) - value(base, imports);
      return Math.max(0, v);
    }

    private static double value(ReadingPoint p, boolean imports) {
      return imports ? p.importKwh() : p.exportKwh();
    }
  }

  private List<OwnedMeter> metersOf(String consumerId) {
    try (Connection c = registry.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT serial, tariff_category, cycle_group, net_metered FROM meters"
            + " WHERE consumer_id = ? AND status <> 'DECOMMISSIONED' ORDER BY serial")) {
      s.setString(1, consumerId);
      List<OwnedMeter> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new OwnedMeter(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("registry unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public CompletionStage<List<MeterHit>> searchMeters(String query, int limit) {
    return CompletableFuture.supplyAsync(() -> search(query, limit), blocking);
  }

  private List<MeterHit> search(String query, int limit) {
    String pattern = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    try (Connection c = registry.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT serial, consumer_id, region, feeder, dt, status FROM meters"
            + " WHERE serial LIKE ? ESCAPE '\\' OR consumer_id LIKE ? ESCAPE '\\' ORDER BY serial LIMIT ?")) {
      s.setString(1, pattern);
      s.setString(2, pattern);
      s.setInt(3, limit);
      List<MeterHit> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new MeterHit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("registry unavailable: " + e.getMessage(), e);
    }
  }
}
