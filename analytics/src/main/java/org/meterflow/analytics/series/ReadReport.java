package org.meterflow.analytics.series;

/**
 * What a reader did with one source (a file, or one household of a file).
 *
 * @param source     file name, and household id where a file holds several
 * @param rows       data rows read
 * @param invalid    rows skipped because the value or timestamp could not be read
 * @param missing    rows whose value was explicitly missing ({@code Null}, empty)
 * @param merged     rows averaged into an interval that already had a value (duplicates, and
 *                   the repeated hour when clocks go back)
 * @param offGrid    rows whose timestamp fell between grid points (floored onto their interval)
 * @param gapSlots   intervals inside the span with no value (NaN in the series)
 */
public record ReadReport(String source, int rows, int invalid, int missing, int merged, int offGrid, int gapSlots) {

  @Override
  public String toString() {
    return source + ": " + rows + " rows, " + invalid + " invalid, " + missing + " null, "
        + merged + " merged duplicates, " + offGrid + " off-grid, " + gapSlots + " missing intervals";
  }
}
