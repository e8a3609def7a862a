package org.meterflow.simulator.fault;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The faults the simulator can inject, with their command names and default magnitudes. */
public enum FaultKind {
  /** Voltage drops to {@code value} pu (default 0.7). */
  SAG("sag", 0.7),
  /** Voltage rises to {@code value} pu (default 1.15). */
  SWELL("swell", 1.15),
  /** Supply lost: 0 V, 0 A, 0 Hz; meters keep reporting (battery-backed). */
  INTERRUPTION("interruption", 0),
  /** Frequency shifted by {@code value} Hz (default +0.6). */
  FREQUENCY("frequency", 0.6),
  /** Meters stop reporting (a silent meter, or a silent DT/feeder/region = area outage). */
  SILENT("silent", 0),
  /** The reported import register is lowered by {@code value} kWh (default 5). */
  ROLLBACK("rollback", 5),
  /** Consumption is registered as export (reversed CT on a meter that is not net-metered). */
  REVERSE_FLOW("reverse-flow", 0),
  /** Timestamps shifted by {@code value} seconds (default +3600). */
  CLOCK_SKEW("clock-skew", 3600),
  /** Every reading is sent twice. */
  DUPLICATE("duplicate", 0),
  /** A malformed message is sent beside each reading. */
  MALFORMED("malformed", 0);

  private final String cliName;
  private final double defaultValue;

  FaultKind(String cliName, double defaultValue) {
    this.cliName = cliName;
    this.defaultValue = defaultValue;
  }

  public String cliName() {
    return cliName;
  }

  public double defaultValue() {
    return defaultValue;
  }

  public static FaultKind parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(k -> k.cliName.equals(wanted) || k.name().equalsIgnoreCase(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "'; expected one of "
            + Arrays.stream(values()).map(FaultKind::cliName).collect(Collectors.joining(", "))));
  }
}
