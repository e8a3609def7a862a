package org.meterflow.model.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.Objects;

/**
 * Local-calendar facts of every interval of a UTC grid: its local date, its slot of the local day
 * (wall-clock time ÷ step), its weekday and whether it is a holiday. Models index their seasonal
 * state by these, never by fixed lags, so a 23- or 25-hour daylight-saving day neither shifts the
 * daily profile nor breaks the weekly one. Immutable.
 */
public final class SlotCalendar {

  /** Day type of a holiday: it behaves like a Sunday. */
  public static final int SUNDAY = 6;

  private final Instant start;
  private final Duration step;
  private final ZoneId zone;
  private final HolidayCalendar holidays;
  private final int stepsPerDay;
  private final int[] epochDay;
  private final int[] slot;
  private final byte[] weekday;
  private final boolean[] holiday;

  private SlotCalendar(Instant start, Duration step, ZoneId zone, HolidayCalendar holidays, int size) {
    this.start = start;
    this.step = step;
    this.zone = zone;
    this.holidays = holidays;
    long stepSeconds = step.getSeconds();
    this.stepsPerDay = (int) (86_400L / stepSeconds);
    this.epochDay = new int[size];
    this.slot = new int[size];
    this.weekday = new byte[size];
    this.holiday = new boolean[size];
    ZoneRules rules = zone.getRules();
    long t = start.getEpochSecond();
    for (int i = 0; i < size; i++, t += stepSeconds) {
      long local = t + rules.getOffset(Instant.ofEpochSecond(t)).getTotalSeconds();
      long day = Math.floorDiv(local, 86_400L);
      epochDay[i] = (int) day;
      slot[i] = (int) (Math.floorMod(local, 86_400L) / stepSeconds);
      weekday[i] = (byte) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday (3 with Monday = 0)
      holiday[i] = holidays.isHoliday(LocalDate.ofEpochDay(day));
    }
  }

  /** The calendar of {@code size} intervals of a grid starting at {@code start}. */
  public static SlotCalendar of(
      Instant start, Duration step, int size, ZoneId zone, HolidayCalendar holidays) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(holidays, "holidays");
    if (size < 0) {
      throw new IllegalArgumentException("size < 0");
    }
    LoadSeries.of(start, step, new double[0]); // validates the step
    return new SlotCalendar(start, step, zone, holidays, size);
  }

  /** The calendar of a series' grid extended by {@code extra} future intervals. */
  public static SlotCalendar of(LoadSeries series, int extra, ZoneId zone, HolidayCalendar holidays) {
    return of(series.start(), series.step(), series.size() + extra, zone, holidays);
  }

  public int size() {
    return slot.length;
  }

  public Instant start() {
    return start;
  }

  public Duration step() {
    return step;
  }

  public ZoneId zone() {
    return zone;
  }

  public HolidayCalendar holidays() {
    return holidays;
  }

  /** Slots in a regular (24-hour) local day. */
  public int stepsPerDay() {
    return stepsPerDay;
  }

  /** Wall-clock slot of the local day, 0 … stepsPerDay-1. */
  public int slot(int i) {
    return slot[i];
  }

  /** Local date as an epoch day. */
  public int epochDay(int i) {
    return epochDay[i];
  }

  public LocalDate date(int i) {
    return LocalDate.ofEpochDay(epochDay[i]);
  }

  /** Monday = 0 … Sunday = 6. */
  public int weekday(int i) {
    return weekday[i];
  }

  public boolean isHoliday(int i) {
    return holiday[i];
  }

  /** The weekday, except that holidays count as Sundays. */
  public int dayType(int i) {
    return holiday[i] ? SUNDAY : weekday[i];
  }

  /** True when interval {@code i} is the first of its local day (a forecast origin). */
  public boolean startsDay(int i) {
    return i == 0 || epochDay[i] != epochDay[i - 1];
  }

  /** The first interval of the local day after the one holding {@code i} (may equal size()). */
  public int nextDayStart(int i) {
    int day = epochDay[i];
    int j = i + 1;
    while (j < epochDay.length && epochDay[j] == day) {
      j++;
    }
    return j;
  }

  /** The first interval whose local day starts at or after {@code i}, or size() if none. */
  public int dayStartAtOrAfter(int i) {
    int j = Math.max(0, i);
    while (j < epochDay.length && !startsDay(j)) {
      j++;
    }
    return j;
  }

  /**
   * The interval at the same local wall-clock slot {@code days} local days before {@code i}; when
   * that wall-clock time does not exist (daylight-saving gap) the interval exactly
   * {@code days * 24} hours earlier. -1 when before the grid.
   */
  public int sameSlotDaysBefore(int i, int days) {
    int plain = i - days * stepsPerDay;
    int wanted = epochDay[i] - days;
    for (int delta = 0; delta <= 4; delta++) {
      for (int sign = -1; sign <= 1; sign += 2) {
        int j = plain + sign * delta;
        if (j >= 0 && j < i && epochDay[j] == wanted && slot[j] == slot[i]) {
          return j;
        }
      }
    }
    return plain >= 0 ? plain : -1;
  }

  @Override
  public String toString() {
    return "SlotCalendar[start=" + start + ", step=" + step + ", size=" + slot.length + ", zone="
        + zone + ", holidays=" + holidays.dates().size() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotCalendar other && start.equals(other.start) && step.equals(other.step)
        && zone.equals(other.zone) && holidays.equals(other.holidays)
        && Arrays.equals(slot, other.slot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, step, zone, slot.length);
  }
}
