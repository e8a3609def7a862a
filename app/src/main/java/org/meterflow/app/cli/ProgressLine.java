package org.meterflow.app.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar redrawn in place ({@code \r}), e.g. {@code [#######.......]  48%  4800/10000 meters}. */
public final class ProgressLine {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String unit;
  private String last = "";

  public ProgressLine(PrintStream out, String unit) {
    this.out = out;
    this.unit = unit;
  }

  public void show(long done, long total, String note) {
    int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / total);
    String line = String.format(Locale.ROOT, "\r[%s%s] %3d%%  %d/%s %s %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
        total <= 0 ? 0 : done * 100 / total, done, total < 0 ? "?" : Long.toString(total), unit, note == null ? "" : note);
    if (!line.equals(last)) {
      out.print(line);
      out.flush();
      last = line;
    }
  }

  public void finish() {
    out.println();
  }
}
