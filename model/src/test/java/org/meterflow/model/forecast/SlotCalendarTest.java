package org.meterflow.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotCalendarTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  /** Half-hours of the UTC grid from 2013-03-29 00:00 UTC over ten days (clocks go forward on 31 March). */
  private static SlotCalendar springLondon(HolidayCalendar holidays) {
    return SlotCalendar.of(Instant.parse("2013-03-29T00:00:00Z"), Duration.ofMinutes(30), 48 * 10, LONDON, holidays);
  }

  @Test
  void slotsFollowTheWallClockAcrossDaylightSaving() {
    SlotCalendar cal = springLondon(HolidayCalendar.none());
    // 2013-03-31 00:00 GMT is local midnight; 01:00 UTC is 02:00 BST (slot 4)
    int midnight = 2 * 48;
    assertThat(cal.slot(midnight)).isEqualTo(0);
    assertThat(cal.date(midnight)).isEqualTo(LocalDate.of(2013, 3, 31));
    assertThat(cal.slot(midnight + 2)).isEqualTo(4);
    assertThat(cal.weekday(midnight)).isEqualTo(SlotCalendar.SUNDAY);
    // the short day has 46 half-hours: the next local midnight is 23:00 UTC
    assertThat(cal.nextDayStart(midnight)).isEqualTo(midnight + 46);
    assertThat(cal.startsDay(midnight + 46)).isTrue();
    assertThat(cal.slot(midnight + 46)).isEqualTo(0);
  }

  @Test
  void sameSlotDaysBeforeKeepsTheWallClockTime() {
    SlotCalendar cal = springLondon(HolidayCalendar.none());
    int mondayNoon = 3 * 48 - 2 + 24; // Monday 1 April 12:00 BST = 11:00 UTC
    assertThat(cal.date(mondayNoon)).isEqualTo(LocalDate.of(2013, 4, 1));
    assertThat(cal.slot(mondayNoon)).isEqualTo(24);
    int sundayNoon = cal.sameSlotDaysBefore(mondayNoon, 1);
    assertThat(cal.slot(sundayNoon)).isEqualTo(24);
    assertThat(cal.date(sundayNoon)).isEqualTo(LocalDate.of(2013, 3, 31));
    // Saturday 30 March 12:00 GMT (index 72) and Saturday 6 April 12:00 BST are 7 × 48 − 2 apart
    int saturdayAfter = 72 + 7 * 48 - 2;
    assertThat(cal.slot(saturdayAfter)).isEqualTo(24);
    assertThat(cal.sameSlotDaysBefore(saturdayAfter, 7)).isEqualTo(72);
    assertThat(cal.sameSlotDaysBefore(10, 1)).isEqualTo(-1);
  }

  @Test
  void holidaysAreSundaysByDayType() {
    SlotCalendar cal = springLondon(HolidayCalendar.englandAndWales(2013, 2013));
    int goodFriday = 0; // 2013-03-29 00:00 UTC = midnight GMT
    assertThat(cal.isHoliday(goodFriday)).isTrue();
    assertThat(cal.weekday(goodFriday)).isEqualTo(4);
    assertThat(cal.dayType(goodFriday)).isEqualTo(SlotCalendar.SUNDAY);
    assertThat(cal.isHoliday(48)).isFalse();
  }

  @Test
  void autumnDayHasFiftyHalfHours() {
    SlotCalendar cal = SlotCalendar.of(Instant.parse("2013-10-26T23:00:00Z"), Duration.ofMinutes(30), 48 * 3, LONDON,
        HolidayCalendar.none());
    assertThat(cal.startsDay(0)).isTrue();
    assertThat(cal.nextDayStart(0)).isEqualTo(50);
    // both 01:00 half-hours (BST then GMT) map to wall-clock slot 2
    assertThat(List.of(cal.slot(2), cal.slot(3), cal.slot(4), cal.slot(5))).isEqualTo(List.of(2, 3, 2, 3));
  }

  @Test
  void builtInHolidayRules() {
    assertThat(HolidayCalendar.easterSunday(2013)).isEqualTo(LocalDate.of(2013, 3, 31));
    assertThat(HolidayCalendar.easterSunday(2000)).isEqualTo(LocalDate.of(2000, 4, 23));
    HolidayCalendar ew = HolidayCalendar.englandAndWales(2010, 2010);
    // 2010: Christmas on Saturday, Boxing Day on Sunday → 27 and 28 December
    assertThat(ew.isHoliday(LocalDate.of(2010, 12, 27))).isTrue();
    assertThat(ew.isHoliday(LocalDate.of(2010, 12, 28))).isTrue();
    assertThat(ew.dates()).hasSize(8);
    HolidayCalendar us = HolidayCalendar.unitedStatesNerc(2004, 2004);
    assertThat(us.isHoliday(LocalDate.of(2004, 7, 5))).isTrue(); // 4 July 2004 was a Sunday
    assertThat(us.isHoliday(LocalDate.of(2004, 11, 25))).isTrue(); // Thanksgiving
    assertThat(us.dates()).hasSize(6);
  }
}
