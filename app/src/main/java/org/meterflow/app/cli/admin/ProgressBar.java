package org.meterflow.app.cli.admin;

import java.io.PrintStream;

/** A one-line progress bar on stderr: {@code [########------------]  400/1000 meters  40%}. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final long total;
  private final String unit;

  ProgressBar(PrintStream out, long total, String unit) {
    this.out = out;
    this.total = Math.max(1, total);
    this.unit = unit;
  }

  void show(long done) {
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    out.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit
        + "  " + (100 * done / total) + "%");
    out.flush();
  }

  void finish() {
    out.println();
    out.flush();
  }
}
