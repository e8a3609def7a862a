package org.meterflow.model.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals(0, cal.slot(midnight));
    assertEquals(LocalDate.of(2013, 3, 31), cal.date(midnight));
    assertEquals(4, cal.slot(midnight + 2));
    assertEquals(SlotCalendar.SUNDAY, cal.weekday(midnight));
    // the short day has 46 half-hours: the next local midnight is 23:00 UTC
    assertEquals(midnight + 46, cal.nextDayStart(midnight));
    assertTrue(cal.startsDay(midnight + 46));
    assertEquals(0, cal.slot(midnight + 46));
  }

  @Test
  void sameSlotDaysBeforeKeepsTheWallClockTime() {
    SlotCalendar cal = springLondon(HolidayCalendar.none());
    int mondayNoon = 3 * 48 - 2 + 24; // Monday 1 April 12:00 BST = 11:00 UTC
    assertEquals(LocalDate.of(2013, 4, 1), cal.date(mondayNoon));
    assertEquals(24, cal.slot(mondayNoon));
    int sundayNoon = cal.sameSlotDaysBefore(mondayNoon, 1);
    assertEquals(24, cal.slot(sundayNoon));
    assertEquals(LocalDate.of(2013, 3, 31), cal.date(sundayNoon));
    // Saturday 30 March 12:00 GMT (index 72) and Saturday 6 April 12:00 BST are 7 × 48 − 2 apart
    int saturdayAfter = 72 + 7 * 48 - 2;
    assertEquals(24, cal.slot(saturdayAfter));
    assertEquals(72, cal.sameSlotDaysBefore(saturdayAfter, 7));
    assertEquals(-1, cal.sameSlotDaysBefore(10, 1));
  }

  @Test
  void holidaysAreSundaysByDayType() {
    SlotCalendar cal = springLondon(HolidayCalendar.englandAndWales(2013, 2013));
    int goodFriday = 0; // 2013-03-29 00:00 UTC = midnight GMT
    assertTrue(cal.isHoliday(goodFriday));
    assertEquals(4, cal.weekday(goodFriday));
    assertEquals(SlotCalendar.SUNDAY, cal.dayType(goodFriday));
    assertFalse(cal.isHoliday(48));
  }

  @Test
  void autumnDayHasFiftyHalfHours() {
    SlotCalendar cal = SlotCalendar.of(Instant.parse("2013-10-26T23:00:00Z"), Duration.ofMinutes(30), 48 * 3, LONDON,
        HolidayCalendar.none());
    assertTrue(cal.startsDay(0));
    assertEquals(50, cal.nextDayStart(0));
    // both 01:00 half-hours (BST then GMT) map to wall-clock slot 2
    assertEquals(List.of(2, 3, 2, 3), List.of(cal.slot(2), cal.slot(3), cal.slot(4), cal.slot(5)));
  }

  @Test
  void builtInHolidayRules() {
    assertEquals(LocalDate.of(2013, 3, 31), HolidayCalendar.easterSunday(2013));
    assertEquals(LocalDate.of(2000, 4, 23), HolidayCalendar.easterSunday(2000));
    HolidayCalendar ew = HolidayCalendar.englandAndWales(2010, 2010);
    // 2010: Christmas on Saturday, Boxing Day on Sunday → 27 and 28 December
    assertTrue(ew.isHoliday(LocalDate.of(2010, 12, 27)));
    assertTrue(ew.isHoliday(LocalDate.of(2010, 12, 28)));
    assertEquals(8, ew.dates().size());
    HolidayCalendar us = HolidayCalendar.unitedStatesNerc(2004, 2004);
    assertTrue(us.isHoliday(LocalDate.of(2004, 7, 5))); // 4 July 2004 was a Sunday
    assertTrue(us.isHoliday(LocalDate.of(2004, 11, 25))); // Thanksgiving
    assertEquals(6, us.dates().size());
  }
}
