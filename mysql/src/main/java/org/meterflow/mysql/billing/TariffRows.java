package org.meterflow.mysql.billing;

import io.r2dbc.spi.Connection;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.meterflow.model.billing.tariff.EnergyCharge;
import org.meterflow.model.billing.tariff.ExportCredit;
import org.meterflow.model.billing.tariff.FixedCharge;
import org.meterflow.model.billing.tariff.Slab;
import org.meterflow.model.billing.tariff.SlabEnergy;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.billing.tariff.TodEnergy;
import org.meterflow.model.billing.tariff.TodWindow;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tariff versions to and from {@code tariffs}, {@code tariff_slabs} and {@code tariff_tod_windows}. */
final class TariffRows {

  private record Key(String category, LocalDate from) {}

  private record Head(Key key, String code, BigDecimal perMonth, BigDecimal perKw, String kind, BigDecimal todBase,
      String todBaseWindow, BigDecimal exportRate, String netting, BigDecimal duty, BigDecimal tax, BigDecimal minimum) {}

  private final Sql sql;

  TariffRows(Sql sql) {
    this.sql = sql;
  }

  Mono<List<TariffVersion>> all() {
    Mono<List<Head>> heads = sql.query("SELECT * FROM tariffs ORDER BY category, effective_from", List.of(), row -> new Head(
        new Key(row.get("category", String.class), row.get("effective_from", LocalDate.class)),
        row.get("code", String.class), row.get("fixed_per_month", BigDecimal.class), row.get("fixed_per_kw", BigDecimal.class),
        row.get("energy_kind", String.class), scale(row.get("tod_base_rate", BigDecimal.class), 2), row.get("tod_base_window", String.class),
        scale(row.get("export_rate", BigDecimal.class), 2), row.get("export_netting", String.class), scale(row.get("duty_percent", BigDecimal.class), 0),
        scale(row.get("tax_percent", BigDecimal.class), 0), row.get("minimum_charge", BigDecimal.class))).collectList();
    Mono<Map<Key, List<Slab>>> slabs = sql.query(
        "SELECT category, effective_from, up_to_kwh, rate_per_kwh FROM tariff_slabs ORDER BY category, effective_from, slab_no",
        List.of(), row -> Map.entry(new Key(row.get("category", String.class), row.get("effective_from", LocalDate.class)),
            new Slab(scale(row.get("up_to_kwh", BigDecimal.class), 0), scale(row.get("rate_per_kwh", BigDecimal.class), 2))))
        .collect(HashMap::new, (m, e) -> m.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    Mono<Map<Key, List<TodWindow>>> windows = sql.query(
        "SELECT category, effective_from, window_name, from_hour, to_hour, multiplier FROM tariff_tod_windows"
            + " ORDER BY category, effective_from, window_no",
        List.of(), row -> Map.entry(new Key(row.get("category", String.class), row.get("effective_from", LocalDate.class)),
            new TodWindow(row.get("window_name", String.class), Sql.integer(row, "from_hour"), Sql.integer(row, "to_hour"),
                scale(row.get("multiplier", BigDecimal.class), 2))))
        .collect(HashMap::new, (m, e) -> m.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return Mono.zip(heads, slabs, windows).map(t -> {
      List<TariffVersion> out = new ArrayList<>();
      for (Head h : t.getT1()) {
        EnergyCharge energy = "TOD".equals(h.kind())
            ? new TodEnergy(h.todBase(), t.getT3().getOrDefault(h.key(), List.of()), h.todBaseWindow())
            : new SlabEnergy(t.getT2().getOrDefault(h.key(), List.of()));
        ExportCredit credit = h.exportRate() == null ? null
            : new ExportCredit(h.exportRate(), ExportCredit.Netting.valueOf(h.netting()));
        out.add(new TariffVersion(h.key().category(), h.code(), h.key().from(), new FixedCharge(h.perMonth(), h.perKw()),
            energy, credit, h.duty(), h.tax(), h.minimum()));
      }
      return out;
    });
  }

  /**
   * A stored number in its natural form: trailing zeros of the column's scale dropped, but at least
   * {@code minScale} decimals (rates 2.80, limits 100, percentages 6), as tariffs are written.
   */
  static BigDecimal scale(BigDecimal v, int minScale) {
    if (v == null) {
      return null;
    }
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < minScale ? s.setScale(minScale) : s;
  }

  Mono<Void> insert(Connection c, TariffVersion v, Instant now) {
    boolean tod = v.energy() instanceof TodEnergy;
    TodEnergy t = tod ? (TodEnergy) v.energy() : null;
    ExportCredit x = v.exportCredit();
    Mono<Long> head = sql.update(c, "INSERT INTO tariffs (category, effective_from, code, fixed_per_month, fixed_per_kw,"
        + " energy_kind, tod_base_rate, tod_base_window, export_rate, export_netting, duty_percent, tax_percent,"
        + " minimum_charge, created_at) VALUES " + Sql.values(1, 14), List.of(
            v.category(), v.effectiveFrom(), v.code(), v.fixedCharge().perMonth(), v.fixedCharge().perKwSanctioned(),
            tod ? "TOD" : "SLAB", tod ? t.baseRatePerKwh() : Sql.NULL_DECIMAL, tod ? t.baseWindow() : Sql.NULL_STRING,
            x == null ? Sql.NULL_DECIMAL : x.ratePerKwh(), x == null ? Sql.NULL_STRING : x.netting().name(),
            v.dutyPercent(), v.taxPercent(), v.minimumCharge(), Sql.utc(now)));
    Flux<Long> parts;
    if (tod) {
      List<TodWindow> ws = t.windows();
      parts = Flux.range(0, ws.size()).concatMap(i -> sql.update(c, "INSERT INTO tariff_tod_windows (category, effective_from,"
          + " window_no, window_name, from_hour, to_hour, multiplier) VALUES " + Sql.values(1, 7), List.of(
              v.category(), v.effectiveFrom(), i + 1, ws.get(i).name(), ws.get(i).fromHour(), ws.get(i).toHour(),
              ws.get(i).multiplier())));
    } else {
      List<Slab> ss = ((SlabEnergy) v.energy()).slabs();
      parts = Flux.range(0, ss.size()).concatMap(i -> sql.update(c, "INSERT INTO tariff_slabs (category, effective_from,"
          + " slab_no, up_to_kwh, rate_per_kwh) VALUES " + Sql.values(1, 5), List.of(
              v.category(), v.effectiveFrom(), i + 1, Sql.orNull(ss.get(i).upToKwh(), Sql.NULL_DECIMAL), ss.get(i).ratePerKwh())));
    }
    return head.thenMany(parts).then();
  }
}
