package org.meterflow.simulator.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.meterflow.analytics.series.LondonCsvReader;
import org.meterflow.analytics.series.SeriesRead;
import org.meterflow.model.forecast.LoadSeries;

/** A file of real metering data to replay as meters: the UCI minute file or a London half-hourly file. */
public sealed interface ReplaySource {

  /** The households in the file, each as a profile. */
  List<Profile> profiles() throws IOException;

  /** {@code uci:PATH} or {@code london:PATH}. */
  static ReplaySource parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("replay source '" + text + "' must be uci:FILE or london:FILE");
    }
    Path file = Path.of(text.substring(colon + 1));
    return switch (text.substring(0, colon).toLowerCase(java.util.Locale.ROOT)) {
      case "uci" -> new Uci(file);
      case "london" -> new London(file);
      default -> throw new IllegalArgumentException("replay source '" + text + "' must be uci:FILE or london:FILE");
    };
  }

  /** The UCI "Individual household electric power consumption" minute file (with voltage and current). */
  record Uci(Path file) implements ReplaySource {
    @Override
    public List<Profile> profiles() throws IOException {
      return List.of(UciMinuteReader.read(file));
    }
  }

  /** A Low Carbon London half-hourly file (kWh per half hour), read by the analytics module's reader. */
  record London(Path file) implements ReplaySource {
    @Override
    public List<Profile> profiles() throws IOException {
      List<Profile> out = new ArrayList<>();
      for (SeriesRead read : LondonCsvReader.read(file)) {
        LoadSeries s = read.series();
        double hours = s.step().toMillis() / 3_600_000.0;
        double[] kw = new double[s.size()];
        double[] none = new double[s.size()];
        int missing = 0;
        for (int i = 0; i < kw.length; i++) {
          kw[i] = s.value(i) / hours;
          none[i] = Double.NaN;
          missing += Double.isNaN(kw[i]) ? 1 : 0;
        }
        out.add(new Profile(read.id(), s.start(), s.step(), kw, none, none, missing));
      }
      return out;
    }
  }
}
