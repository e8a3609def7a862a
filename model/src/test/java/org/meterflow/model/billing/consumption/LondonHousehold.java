package org.meterflow.model.billing.consumption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.meterflow.model.Datasets;

/**
 * A London smart-meter file replayed as one meter's cumulative import register. The file holds
 * half-hourly kWh deltas stamped (GMT) at the START of each half hour; the register is their running
 * sum stamped at the END of the half hour, plus an opening register of 0 at the start of the first
 * half hour. A missing half hour simply has no register reading (its delta is lost).
 */
final class LondonHousehold {

  private static final Duration HALF_HOUR = Duration.ofMinutes(30);
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** One half-hour delta of the file. */
  record Delta(Instant slotStart, double kwh) {}

  final List<Delta> deltas;
  final List<RegisterSample> register;

  private LondonHousehold(List<Delta> deltas, List<RegisterSample> register) {
    this.deltas = deltas;
    this.register = register;
  }

  static Path root() {
    return Datasets.resolve("london_smart_meters_2013");
  }

  static LondonHousehold load(String file) {
    List<Delta> deltas = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(root().resolve(file))) {
        String[] f = line.split(",");
        if (f.length < 3 || f[0].startsWith("LCLid")) {
          continue;
        }
        String value = f[2].trim();
        if (value.isEmpty() || value.equalsIgnoreCase("null")) {
          continue;
        }
        Instant slot = LocalDateTime.parse(f[1].trim(), TS).toInstant(ZoneOffset.UTC);
        deltas.add(new Delta(slot, Double.parseDouble(value)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<RegisterSample> register = new ArrayList<>(deltas.size() + 1);
    double sum = 0;
    register.add(new RegisterSample(deltas.get(0).slotStart(), 0.0));
    for (Delta d : deltas) {
      sum += d.kwh();
      register.add(new RegisterSample(d.slotStart().plus(HALF_HOUR), sum));
    }
    return new LondonHousehold(List.copyOf(deltas), List.copyOf(register));
  }

  /** The file's own sum of deltas whose half hour starts in [from, to). */
  double sumOfDeltas(Instant from, Instant to) {
    double sum = 0;
    for (Delta d : deltas) {
      if (!d.slotStart().isBefore(from) && d.slotStart().isBefore(to)) {
        sum += d.kwh();
      }
    }
    return sum;
  }

  /** households_summary.tsv's total_kwh for {@code file}. */
  static double summaryTotal(String file) {
    try {
      for (String line : Files.readAllLines(root().resolve("households_summary.tsv"))) {
        String[] f = line.split("\t");
        if (f[0].equals(file)) {
          return Double.parseDouble(f[f.length - 1].trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no summary row for " + file);
  }
}
