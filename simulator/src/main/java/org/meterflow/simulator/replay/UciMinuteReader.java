package org.meterflow.simulator.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UCI household power file ({@code Date;Time;Global_active_power;…;Voltage;Global_intensity;…},
 * d/m/yyyy dates, French local time, {@code ?} where the meter recorded nothing) onto a one-minute
 * grid. {@code ?} rows and absent minutes are NaN.
 */
public final class UciMinuteReader {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("d/M/yyyy H:mm:ss");
  private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
  private static final Duration STEP = Duration.ofMinutes(1);

  private UciMinuteReader() {}

  public static Profile read(Path file) throws IOException {
    List<long[]> times = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.startsWith("Date;Time;Global_active_power")) {
        throw new IOException(file + ": not the UCI household power layout (Date;Time;Global_active_power;…)");
      }
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.strip().split(";");
        if (f.length < 6) {
          continue;
        }
        Instant t;
        try {
          t = LocalDateTime.parse(f[0] + " " + f[1], FORMAT).atZone(ZONE).toInstant();
        } catch (DateTimeParseException e) {
          continue;
        }
        times.add(new long[] {t.toEpochMilli()});
        values.add(new double[] {number(f[2]), number(f[4]), number(f[5])});
      }
    }
    if (times.isEmpty()) {
      throw new IOException(file + ": no rows");
    }
    long first = times.get(0)[0];
    long last = times.get(times.size() - 1)[0];
    int n = (int) ((last - first) / STEP.toMillis()) + 1;
    double[] kw = new double[n];
    double[] volts = new double[n];
    double[] amps = new double[n];
    Arrays.fill(kw, Double.NaN);
    Arrays.fill(volts, Double.NaN);
    Arrays.fill(amps, Double.NaN);
    for (int i = 0; i < times.size(); i++) {
      int slot = (int) ((times.get(i)[0] - first) / STEP.toMillis());
      if (slot >= 0 && slot < n) {
        kw[slot] = values.get(i)[0];
        volts[slot] = values.get(i)[1];
        amps[slot] = values.get(i)[2];
      }
    }
    int missing = (int) Arrays.stream(kw).filter(Double::isNaN).count();
    return new Profile("UCI-SCEAUX", Instant.ofEpochMilli(first), STEP, kw, volts, amps, missing);
  }

  private static double number(String field) {
    String f = field.trim();
    if (f.isEmpty() || f.equals("?")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(f);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
