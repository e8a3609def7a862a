package org.meterflow.model.billing.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.meterflow.model.billing.tariff.ExportCredit.Netting;

/** The shipped example tariffs (illustrative figures), documented in docs/billing.md. */
public final class ExampleTariffs {

  public static final String DOMESTIC = "domestic";
  public static final String COMMERCIAL = "commercial";

  private ExampleTariffs() {}

  /** Domestic telescopic slabs, in force from 2026-04-01 (supersedes {@link #domestic2025()}). */
  public static TariffVersion domestic2026() {
    return new TariffVersion(
        DOMESTIC, "DOM-LT1-2026", LocalDate.of(2026, 4, 1),
        FixedCharge.of("50.00", "20.00"),
        SlabEnergy.of(Slab.upTo("100", "3.00"), Slab.upTo("200", "4.50"), Slab.above("6.00")),
        new ExportCredit(new BigDecimal("2.50"), Netting.NET_METERING),
        new BigDecimal("6"), new BigDecimal("2"), new BigDecimal("100.00"));
  }

  /** The previous domestic version, in force 2025-04-01 to 2026-03-31. */
  public static TariffVersion domestic2025() {
    return new TariffVersion(
        DOMESTIC, "DOM-LT1-2025", LocalDate.of(2025, 4, 1),
        FixedCharge.of("45.00", "20.00"),
        SlabEnergy.of(Slab.upTo("100", "2.80"), Slab.upTo("200", "4.20"), Slab.above("5.75")),
        new ExportCredit(new BigDecimal("2.50"), Netting.NET_METERING),
        new BigDecimal("6"), new BigDecimal("2"), new BigDecimal("100.00"));
  }

  /** Commercial time-of-day tariff, in force from 2026-04-01. */
  public static TariffVersion commercialTod2026() {
    return new TariffVersion(
        COMMERCIAL, "COM-TOD-2026", LocalDate.of(2026, 4, 1),
        FixedCharge.of("150.00", "100.00"),
        new TodEnergy(new BigDecimal("7.00"), List.of(
            new TodWindow("off-peak", 22, 6, new BigDecimal("0.80")),
            new TodWindow("normal", 6, 18, new BigDecimal("1.00")),
            new TodWindow("peak", 18, 22, new BigDecimal("1.20"))), "normal"),
        new ExportCredit(new BigDecimal("3.00"), Netting.NET_BILLING),
        new BigDecimal("8"), new BigDecimal("5"), new BigDecimal("500.00"));
  }

  /** A book holding all three versions. */
  public static TariffBook book() {
    return new TariffBook(List.of(domestic2025(), domestic2026(), commercialTod2026()));
  }
}
