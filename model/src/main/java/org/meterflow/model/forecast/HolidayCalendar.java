package org.meterflow.model.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The public holidays a load forecast treats as Sundays (configurable: a utility passes its own
 * list; two built-in rule sets cover the bundled data). Immutable.
 */
public final class HolidayCalendar {

  private static final HolidayCalendar NONE = new HolidayCalendar(Set.of());

  private final Set<LocalDate> dates;

  private HolidayCalendar(Set<LocalDate> dates) {
    this.dates = dates;
  }

  /** No holidays at all. */
  public static HolidayCalendar none() {
    return NONE;
  }

  /** Exactly the given dates. */
  public static HolidayCalendar of(Collection<LocalDate> dates) {
    Objects.requireNonNull(dates, "dates");
    return new HolidayCalendar(Collections.unmodifiableSet(new TreeSet<>(dates)));
  }

  /**
   * England and Wales bank holidays by the standing rules (New Year, Good Friday, Easter Monday,
   * first and last Monday of May, last Monday of August, Christmas, Boxing Day; weekend days
   * substituted by the next free weekday). One-off royal holidays are not included: add them
   * with {@link #plus(Collection)}.
   */
  public static HolidayCalendar englandAndWales(int fromYear, int toYear) {
    Set<LocalDate> out = new TreeSet<>();
    for (int y = fromYear; y <= toYear; y++) {
      LocalDate easter = easterSunday(y);
      out.add(substitute(LocalDate.of(y, 1, 1), Set.of()));
      out.add(easter.minusDays(2));
      out.add(easter.plusDays(1));
      out.add(LocalDate.of(y, 5, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)));
      out.add(LocalDate.of(y, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
      out.add(LocalDate.of(y, 8, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
      LocalDate christmas = substitute(LocalDate.of(y, 12, 25), Set.of());
      out.add(christmas);
      out.add(substitute(LocalDate.of(y, 12, 26), Set.of(christmas)));
    }
    return of(out);
  }

  /**
   * The six NERC holidays that North American grid operators treat as off-peak days: New Year,
   * Memorial Day, Independence Day, Labor Day, Thanksgiving, Christmas (Sunday holidays move to
   * Monday; Saturday holidays stay).
   */
  public static HolidayCalendar unitedStatesNerc(int fromYear, int toYear) {
    Set<LocalDate> out = new TreeSet<>();
    for (int y = fromYear; y <= toYear; y++) {
      out.add(sundayToMonday(LocalDate.of(y, 1, 1)));
      out.add(LocalDate.of(y, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
      out.add(sundayToMonday(LocalDate.of(y, 7, 4)));
      out.add(LocalDate.of(y, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)));
      out.add(LocalDate.of(y, 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)));
      out.add(sundayToMonday(LocalDate.of(y, 12, 25)));
    }
    return of(out);
  }

  /** This calendar with {@code more} dates added. */
  public HolidayCalendar plus(Collection<LocalDate> more) {
    Set<LocalDate> all = new TreeSet<>(dates);
    all.addAll(more);
    return of(all);
  }

  public boolean isHoliday(LocalDate date) {
    return dates.contains(date);
  }

  /** All dates, ascending. */
  public Set<LocalDate> dates() {
    return dates;
  }

  /** Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm). */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(year, Month.of(month), day);
  }

  private static LocalDate substitute(LocalDate date, Set<LocalDate> taken) {
    LocalDate d = date;
    while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY
        || taken.contains(d)) {
      d = d.plusDays(1);
    }
    return d;
  }

  private static LocalDate sundayToMonday(LocalDate date) {
    return date.getDayOfWeek() == DayOfWeek.SUNDAY ? date.plusDays(1) : date;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HolidayCalendar other && dates.equals(other.dates);
  }

  @Override
  public int hashCode() {
    return dates.hashCode();
  }

  @Override
  public String toString() {
    return "HolidayCalendar" + dates;
  }
}
