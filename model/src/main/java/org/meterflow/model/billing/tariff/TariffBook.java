package org.meterflow.model.billing.tariff;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every version of every category's tariff. The version that bills a period is the one in force on
 * the period's first day (the latest {@code effectiveFrom} on or before it); a tariff change in the
 * middle of a period applies from the next period (no pro-rating).
 */
public final class TariffBook {

  private final List<TariffVersion> versions;

  public TariffBook(List<TariffVersion> versions) {
    List<TariffVersion> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparing(TariffVersion::category).thenComparing(TariffVersion::effectiveFrom));
    for (int i = 1; i < sorted.size(); i++) {
      TariffVersion a = sorted.get(i - 1);
      TariffVersion b = sorted.get(i);
      if (a.category().equals(b.category()) && a.effectiveFrom().equals(b.effectiveFrom())) {
        throw new IllegalArgumentException("two " + a.category() + " versions effective " + a.effectiveFrom());
      }
    }
    this.versions = List.copyOf(sorted);
  }

  /** The version of {@code category} in force on {@code date}. */
  public Optional<TariffVersion> inForce(String category, LocalDate date) {
    TariffVersion found = null;
    for (TariffVersion v : versions) {
      if (v.category().equals(category) && !v.effectiveFrom().isAfter(date)) {
        found = v;
      }
    }
    return Optional.ofNullable(found);
  }

  public List<TariffVersion> versions() {
    return versions;
  }
}
