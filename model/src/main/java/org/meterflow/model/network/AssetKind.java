package org.meterflow.model.network;

import java.util.Locale;

/** The network assets that carry a rating: 11 kV feeders and distribution transformers (DTs). */
public enum AssetKind {
  FEEDER("feeder"),
  DT("dt");

  private final String code;

  AssetKind(String code) {
    this.code = code;
  }

  /** The name used in the API, CSV files and the database ({@code dt}, {@code feeder}). */
  public String code() {
    return code;
  }

  /** The kind named {@code code} (case-insensitive; {@code dts}/{@code feeders} accepted). */
  public static AssetKind ofCode(String code) {
    String c = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
    return switch (c) {
      case "dt", "dts" -> DT;
      case "feeder", "feeders" -> FEEDER;
      default -> throw new IllegalArgumentException("asset kind must be dt or feeder, not '" + code + "'");
    };
  }
}
