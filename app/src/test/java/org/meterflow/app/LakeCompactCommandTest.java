package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meterflow lake compact} on a lake of many small files made by {@code meterflow lake bench}. */
class LakeCompactCommandTest {

  @TempDir
  Path tmp;

  @Test
  void compactsEachFinishedDayIntoOneFileAndSqlSeesTheSameReadings() throws Exception {
    Path lake = tmp.resolve("lake");
    System.setProperty("meterflow.lake.flush-bytes", "40k"); // a segment per append of 500 readings
    try {
      cli(0, "lake", "bench", "--readings", "20000", "--meters", "100", "--batch", "500", "--parallelism", "1",
          "--dir", lake.toString());
    } finally {
      System.clearProperty("meterflow.lake.flush-bytes");
    }
    // lake bench writes 2026-11-20 … 2026-11-22: days that ended before this code was written
    assertThat(parquetFiles(lake)).isGreaterThan(30);
    String before = cli(0, "lake", "query", "--lake-dir", lake.toString(), "--format", "csv",
        "SELECT date, count(*), round(sum(import_kwh), 3) FROM readings GROUP BY date ORDER BY date");

    String out = cli(0, "lake", "compact", "--lake-dir", lake.toString());

    assertThat(out).contains("partitionsCompacted  3").contains("filesAfter           3").contains("rowsAfter            20000");
    assertThat(parquetFiles(lake)).isEqualTo(3);
    assertThat(cli(0, "lake", "query", "--lake-dir", lake.toString(), "--format", "csv",
        "SELECT date, count(*), round(sum(import_kwh), 3) FROM readings GROUP BY date ORDER BY date")).isEqualTo(before);
    assertThat(cli(2, "lake", "compact", "--lake-dir", tmp.resolve("nothing-here").toString())).isEmpty();
  }

  private static long parquetFiles(Path lake) throws Exception {
    try (Stream<Path> walk = Files.walk(lake.resolve("readings"))) {
      return walk.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  /** Runs the {@code meterflow} command line, checks its exit status, returns the lines it printed that are not log lines. */
  private static String cli(int status, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      exit = new CommandLine(new MeterflowCommand()).execute(args);
    } finally {
      System.setOut(original);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isEqualTo(status);
    return printed.lines().filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).reduce("", (a, b) -> a + b + "\n");
  }
}
