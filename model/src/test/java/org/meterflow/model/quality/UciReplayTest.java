package org.meterflow.model.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meterflow.model.Datasets;
import org.meterflow.model.reading.Reading;

/**
 * Replays the real UCI household minute file as one meter (timestamps taken as UTC, frequency
 * 50 Hz since the file has none, import register = running sum of Global_active_power / 60) and
 * checks the detector against an independent scan of the raw voltages.
 */
class UciReplayTest {

  static final String FILE = "uci_household_power/household_power_consumption_2006-12-16_to_2007-01-19_1min.txt";
  static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("d/M/yyyy H:mm:ss");

  static final List<Reading> READINGS = new ArrayList<>();
  static int unreadable;

  /** An event as both sides see it: type, start, end (null while open at the end), readings in it. */
  record Seen(EventType type, Instant raisedAt, Instant clearedAt, long samples) {}

  @BeforeAll
  static void parse() throws IOException {
    double kwh = 0;
    try (BufferedReader in = Files.newBufferedReader(Datasets.resolve(FILE), StandardCharsets.US_ASCII)) {
      String header = in.readLine();
      assertThat(header).startsWith("Date;Time;Global_active_power");
      long seq = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.strip().split(";");
        if (line.contains("?")) {
          unreadable++;
          continue;
        }
        Instant ts = LocalDateTime.parse(f[0] + " " + f[1], TS).toInstant(ZoneOffset.UTC);
        kwh += Double.parseDouble(f[2]) / 60.0;
        READINGS.add(new Reading("UCI-1", ++seq, ts, kwh, 0.0, Double.parseDouble(f[4]),
            Double.parseDouble(f[5]), 50.0, null));
      }
    }
  }

  @Test
  void fileIsReadWithItsFiveUnreadableRowsSkipped() {
    assertThat(unreadable).isEqualTo(5);
    assertThat(READINGS).hasSize(48_424 - 5);
    assertThat(READINGS.stream().mapToDouble(Reading::voltage).min().orElseThrow()).isEqualTo(226.32);
    assertThat(READINGS.stream().mapToDouble(Reading::voltage).max().orElseThrow()).isEqualTo(251.7);
  }

  @Test
  void atNominal230TheDetectorMatchesTheIndependentScanAndFindsNoSag() {
    Map<EventType, List<Seen>> events = replay(230.0);
    assertThat(events.get(EventType.SWELL)).isEqualTo(scan(253.0, Double.POSITIVE_INFINITY, false));
    assertThat(events.get(EventType.OVERVOLTAGE)).isEqualTo(scan(253.0, 276.0, true));
    assertThat(events.get(EventType.SAG)).isEmpty();
    assertThat(events.get(EventType.UNDERVOLTAGE)).isEmpty();
    assertThat(events.get(EventType.INTERRUPTION)).isEmpty();
    report(230, events);
  }

  /** Same file, nominal 220 V: now 1.1 pu is 242 V, which the real voltage crosses. */
  @Test
  void atNominal220TheSwellsTheFileReallyHasMatchTheIndependentScan() {
    Map<EventType, List<Seen>> events = replay(220.0);
    List<Seen> swells = scan(242.0, Double.POSITIVE_INFINITY, false);
    assertThat(swells).isNotEmpty();
    assertThat(events.get(EventType.SWELL)).isEqualTo(swells);
    assertThat(events.get(EventType.OVERVOLTAGE)).isEqualTo(scan(242.0, 264.0, true));
    assertThat(events.get(EventType.SAG)).isEmpty();
    report(220, events);
  }

  /** Runs the readings through the detector (with a per-minute outage timer) and collects every event by type. */
  private static Map<EventType, List<Seen>> replay(double nominal) {
    MeterQualityDetector detector = new MeterQualityDetector(QualitySettings.defaults(), TamperSettings.defaults(),
        new OutageSettings(Duration.ofMinutes(1), 3, 2, 0.5, Duration.ofMinutes(20)));
    MeterQualityState state = MeterQualityState.initial(new MeterProfile("UCI-1", nominal, 50.0, false));
    Map<String, QualityEvent> all = new LinkedHashMap<>();
    for (Reading r : READINGS) {
      DetectorStep tick = detector.tick(state, r.ts().minusMillis(1));
      state = tick.state();
      tick.raised().forEach(e -> all.put(e.id(), e));
      DetectorStep step = detector.step(state, r);
      state = step.state();
      step.raised().forEach(e -> all.put(e.id(), e));
      step.cleared().forEach(e -> all.put(e.id(), e));
    }
    state.open().values().forEach(e -> all.put(e.id(), e));
    Map<EventType, List<Seen>> byType = new EnumMap<>(EventType.class);
    for (EventType t : EventType.values()) {
      byType.put(t, new ArrayList<>());
    }
    all.values().stream()
        .sorted(Comparator.comparing(QualityEvent::raisedAt))
        .forEach(e -> byType.get(e.type()).add(
            new Seen(e.type(), e.raisedAt(), e.clearedAt(), e.evidence().samples())));
    return byType;
  }

  /**
   * The independent scan: runs of consecutive readings with {@code above < V <= upTo} volts. A
   * swell is every such run; an overvoltage ({@code sustained}) a run whose last reading is more
   * than 60 s after its first. An event ends at the first reading after the run.
   */
  private static List<Seen> scan(double above, double upTo, boolean sustained) {
    EventType type = sustained ? EventType.OVERVOLTAGE : EventType.SWELL;
    List<Seen> out = new ArrayList<>();
    int i = 0;
    while (i < READINGS.size()) {
      double v = READINGS.get(i).voltage();
      if (!(v > above && v <= upTo)) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < READINGS.size() && READINGS.get(j + 1).voltage() > above && READINGS.get(j + 1).voltage() <= upTo) {
        j++;
      }
      Instant first = READINGS.get(i).ts();
      long seconds = READINGS.get(j).ts().getEpochSecond() - first.getEpochSecond();
      Instant end = j + 1 < READINGS.size() ? READINGS.get(j + 1).ts() : null;
      if (!sustained || seconds > 60) {
        out.add(new Seen(type, first, end, j - i + 1));
      }
      i = j + 1;
    }
    return out;
  }

  private static void report(int nominal, Map<EventType, List<Seen>> events) {
    StringBuilder sb = new StringBuilder("UCI replay at " + nominal + " V:");
    events.forEach((t, l) -> sb.append(' ').append(t.code()).append('=').append(l.size()));
    System.out.println(sb);
  }
}
