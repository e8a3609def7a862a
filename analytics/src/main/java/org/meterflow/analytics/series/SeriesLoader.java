package org.meterflow.analytics.series;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.meterflow.model.forecast.FeederSum;
import org.meterflow.model.forecast.LoadSeries;

/**
 * Loads one load series from one or more files of a format: a single series as is, or with
 * {@code sum} the feeder made of all series found (households), by {@link FeederSum}.
 */
public final class SeriesLoader {

  private SeriesLoader() {}

  /** The loaded series and what was read from each source. */
  public record Loaded(LoadSeries series, List<SeriesRead> parts) {

    /** One line per source. */
    public List<ReadReport> reports() {
      return parts.stream().map(SeriesRead::report).toList();
    }
  }

  /**
   * Loads {@code files}.
   *
   * @param zone   the zone of local timestamps (see {@link SeriesFormat#defaultZone()})
   * @param column for {@link SeriesFormat#HOURLY_MW}: the value column, or null for the first
   *               {@code *_MW}
   * @throws IllegalArgumentException if several series are found without {@code sum}, or none
   */
  public static Loaded load(List<Path> files, SeriesFormat format, boolean sum, ZoneId zone, String column)
      throws IOException {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(zone, "zone");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no file given");
    }
    List<SeriesRead> parts = new ArrayList<>();
    for (Path file : files) {
      switch (format) {
        case TAYLOR -> parts.add(TaylorCsvReader.read(file, zone));
        case LONDON -> parts.addAll(LondonCsvReader.read(file));
        case HOURLY_MW -> parts.add(HourlyMwCsvReader.read(file, zone, column));
        default -> throw new IllegalStateException("unhandled format " + format);
      }
    }
    parts.removeIf(p -> p.series().size() == 0);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no readings found in " + files);
    }
    if (parts.size() > 1 && !sum) {
      throw new IllegalArgumentException(parts.size() + " series found (" + ids(parts)
          + "); pass --sum to add them into one feeder series");
    }
    LoadSeries series = parts.size() == 1
        ? parts.get(0).series()
        : FeederSum.of(parts.stream().map(SeriesRead::series).toList());
    return new Loaded(series, List.copyOf(parts));
  }

  private static String ids(List<SeriesRead> parts) {
    List<String> ids = parts.stream().map(SeriesRead::id).limit(5).toList();
    return String.join(", ", ids) + (parts.size() > 5 ? ", …" : "");
  }
}
