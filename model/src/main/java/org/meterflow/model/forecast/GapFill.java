package org.meterflow.model.forecast;

/**
 * How models see missing intervals. Every gap is filled from the past only, so a filled value never
 * reveals anything after it: the same local slot one week earlier (same weekday, so the profile
 * keeps its shape), else one day earlier, else the last known value. Gaps before the first
 * observation take the first observation (a backtest never scores or trains on them).
 */
public final class GapFill {

  private GapFill() {}

  /** A filled copy of {@code values} ({@code calendar} must cover them). */
  public static double[] causal(double[] values, SlotCalendar calendar) {
    double[] out = values.clone();
    double last = Double.NaN;
    for (int i = 0; i < out.length; i++) {
      if (Double.isNaN(out[i])) {
        out[i] = fromPast(out, calendar, i, last);
      }
      last = out[i];
    }
    int first = 0;
    while (first < out.length && Double.isNaN(out[first])) {
      first++;
    }
    for (int i = 0; i < first && first < out.length; i++) {
      out[i] = out[first];
    }
    return out;
  }

  private static double fromPast(double[] filled, SlotCalendar calendar, int i, double last) {
    int week = calendar.sameSlotDaysBefore(i, 7);
    if (week >= 0 && !Double.isNaN(filled[week])) {
      return filled[week];
    }
    int day = calendar.sameSlotDaysBefore(i, 1);
    if (day >= 0 && !Double.isNaN(filled[day])) {
      return filled[day];
    }
    return last;
  }
}
