package org.meterflow.simulator.fault;

import java.util.Locale;
import org.meterflow.simulator.topology.Nodes;

/** Which meters a fault hits: one meter, everything under a DT, a feeder, a region, or all. */
public record FaultTarget(Level level, String id) {

  public enum Level { METER, DT, FEEDER, REGION, ALL }

  public static final FaultTarget ALL = new FaultTarget(Level.ALL, "*");

  public boolean matches(Nodes.Meter m) {
    return switch (level) {
      case METER -> m.serial().equals(id);
      case DT -> m.dt().id().equals(id);
      case FEEDER -> m.feeder().equals(id);
      case REGION -> m.region().equals(id);
      case ALL -> true;
    };
  }

  /** {@code meter:M0000001}, {@code dt:north-F1-DT1}, {@code feeder:north-F1}, {@code region:north} or {@code all}. */
  public static FaultTarget parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("all") || t.equals("*")) {
      return ALL;
    }
    int colon = t.indexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new IllegalArgumentException("target '" + text + "' must be meter:ID, dt:ID, feeder:ID, region:ID or all");
    }
    String level = t.substring(0, colon).toUpperCase(Locale.ROOT);
    try {
      return new FaultTarget(Level.valueOf(level), t.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("target level '" + t.substring(0, colon) + "' must be meter, dt, feeder or region");
    }
  }

  @Override
  public String toString() {
    return level == Level.ALL ? "all" : level.name().toLowerCase(Locale.ROOT) + ":" + id;
  }
}
