package org.meterflow.app.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.PlatformSettings;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.query.LakeSql;
import org.meterflow.model.port.LakeQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meterflow lake query [--data-dir D] "SELECT …"}: read-only SQL over the local lake, the
 * same as {@code POST /api/v1/lake/query}; works while the platform runs (it only reads the
 * published Parquet files) or after it stopped.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Runs one SELECT over the lake. Views: readings (each (serial, ts) once), readings_all (every stored row).",
        "Columns: serial, seq, ts, import_kwh, export_kwh, voltage_v, current_a, frequency_hz, power_factor,",
        "received_at, region, substation, feeder, dt, date (timestamps in UTC)."},
    footer = {"", "Example: meterflow lake query --data-dir meterflow-data \"SELECT date, count(*) FROM readings GROUP BY date ORDER BY date\""})
public final class LakeQueryCommand implements Callable<Integer> {

  public enum Format { TABLE, CSV, JSON }

  @Parameters(index = "0", paramLabel = "SQL", description = "A SELECT (or WITH … SELECT) statement")
  String sql;

  @Mixin
  LakeLocation location;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--limit", description = "Rows printed at most (default meterflow.lake.query.row-limit)")
  Integer limit;

  @Option(names = "--timeout", description = "Cancel the query after this long, e.g. 5m (default meterflow.lake.query.timeout)")
  String timeout;

  @Override
  public Integer call() {
    Format output;
    try {
      output = Format.valueOf(format.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      System.err.println("--format must be table, csv or json");
      return 2;
    }
    Map<String, Object> overrides = location.overrides();
    if (limit != null) {
      overrides.put("meterflow.lake.query.row-limit", limit);
    }
    if (timeout != null) {
      overrides.put("meterflow.lake.query.timeout", timeout);
    }
    var config = MeterflowConfig.load(overrides);
    LakeSettings settings = LakeSettings.fromConfig(config.getConfig("meterflow.lake"),
        PlatformSettings.fromConfig(config).dataDir());
    if (!java.nio.file.Files.isDirectory(settings.dir())) {
      System.err.println("no lake at " + settings.dir() + " (give --data-dir or --lake-dir)");
      return 2;
    }
    try (LakeSql lake = new LakeSql(settings)) {
      LakeQueries.Table table = lake.run(sql);
      PrintWriter out = new PrintWriter(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
      TableWriter.write(table, output, out);
      out.flush();
      if (table.truncated()) {
        System.err.println("(cut at " + table.rows().size() + " rows; raise --limit or aggregate)");
      }
      return 0;
    } catch (LakeQueries.Refused | LakeQueries.TimedOut e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }
}
