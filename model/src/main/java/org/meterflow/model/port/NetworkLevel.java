package org.meterflow.model.port;

import java.util.Locale;
import java.util.Optional;

/** The network level at which load is summed: a region, an 11 kV feeder or a distribution transformer. */
public enum NetworkLevel {
  REGION("region"),
  FEEDER("feeder"),
  DT("dt");

  private final String tag;

  NetworkLevel(String tag) {
    this.tag = tag;
  }

  /** The tag/column name of this level in the time-series store. */
  public String tag() {
    return tag;
  }

  /** Parses {@code region}, {@code feeder} or {@code dt} (any case). */
  public static Optional<NetworkLevel> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (NetworkLevel l : values()) {
      if (l.tag.equals(t)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
