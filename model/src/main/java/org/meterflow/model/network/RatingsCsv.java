package org.meterflow.model.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a network ratings file: a header line naming the columns {@code kind,id,region,feeder,rated_kva}
 * (any order, case-insensitive; {@code feeder} may be empty for a feeder row), then one asset per
 * line. Blank lines and lines starting with {@code #} are ignored. Every bad line is reported with
 * its number; the caller decides whether to import the good ones.
 */
public final class RatingsCsv {

  /** A line that could not be read, numbered from 1 (the header). */
  public record LineError(int line, String message) {}

  /** What a file held. */
  public record Parsed(List<RatedAsset> assets, List<LineError> errors) {
    public Parsed {
      assets = List.copyOf(assets);
      errors = List.copyOf(errors);
    }
  }

  public static final String HEADER = "kind,id,region,feeder,rated_kva";

  private RatingsCsv() {}

  public static Parsed parse(String text) {
    List<RatedAsset> assets = new ArrayList<>();
    List<LineError> errors = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    int[] col = null;
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (col == null) {
        col = header(cells);
        if (col == null) {
          errors.add(new LineError(n + 1, "header must name the columns " + HEADER));
          return new Parsed(assets, errors);
        }
        continue;
      }
      try {
        String kind = cell(cells, col[0]);
        String id = cell(cells, col[1]);
        String region = cell(cells, col[2]);
        String feeder = col[3] < 0 ? "" : cell(cells, col[3]);
        double kva;
        try {
          kva = Double.parseDouble(cell(cells, col[4]));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("rated_kva is not a number: '" + cell(cells, col[4]) + "'");
        }
        assets.add(new RatedAsset(AssetKind.ofCode(kind), id, region, feeder.isEmpty() ? null : feeder, kva));
      } catch (IllegalArgumentException e) {
        errors.add(new LineError(n + 1, e.getMessage()));
      }
    }
    if (col == null) {
      errors.add(new LineError(1, "empty file: expected the header " + HEADER));
    }
    return new Parsed(assets, errors);
  }

  private static int[] header(String[] cells) {
    String[] names = {"kind", "id", "region", "feeder", "rated_kva"};
    int[] col = {-1, -1, -1, -1, -1};
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i].strip().toLowerCase(Locale.ROOT);
      for (int k = 0; k < names.length; k++) {
        if (names[k].equals(c)) {
          col[k] = i;
        }
      }
    }
    return col[0] < 0 || col[1] < 0 || col[2] < 0 || col[4] < 0 ? null : col;
  }

  private static String cell(String[] cells, int i) {
    if (i >= cells.length) {
      throw new IllegalArgumentException("expected " + (i + 1) + " columns, found " + cells.length);
    }
    return cells[i].strip();
  }
}
