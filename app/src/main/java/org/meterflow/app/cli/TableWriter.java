package org.meterflow.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.List;
import org.meterflow.model.port.LakeQueries;

/** Prints a lake query's result as an aligned text table, CSV (RFC 4180) or JSON. */
final class TableWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TableWriter() {}

  static void write(LakeQueries.Table table, LakeQueryCommand.Format format, PrintWriter out) {
    switch (format) {
      case CSV -> csv(table, out);
      case JSON -> json(table, out);
      default -> text(table, out);
    }
  }

  private static void text(LakeQueries.Table table, PrintWriter out) {
    int n = table.columns().size();
    int[] width = new int[n];
    boolean[] right = new boolean[n];
    for (int i = 0; i < n; i++) {
      width[i] = table.columns().get(i).name().length();
      right[i] = true;
    }
    for (List<Object> row : table.rows()) {
      for (int i = 0; i < n; i++) {
        Object v = row.get(i);
        width[i] = Math.max(width[i], show(v).length());
        right[i] &= v == null || v instanceof Number;
      }
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < n; i++) {
      pad(line.append(i == 0 ? "" : " | "), table.columns().get(i).name(), width[i], false);
    }
    out.println(line.toString().stripTrailing());
    line.setLength(0);
    for (int i = 0; i < n; i++) {
      line.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(line);
    for (List<Object> row : table.rows()) {
      line.setLength(0);
      for (int i = 0; i < n; i++) {
        pad(line.append(i == 0 ? "" : " | "), show(row.get(i)), width[i], right[i]);
      }
      out.println(line.toString().stripTrailing());
    }
    out.println("(" + table.rows().size() + (table.rows().size() == 1 ? " row" : " rows")
        + (table.truncated() ? ", cut at the row limit" : "") + ")");
  }

  private static void pad(StringBuilder line, String text, int width, boolean right) {
    String fill = " ".repeat(width - text.length());
    line.append(right ? fill + text : text + fill);
  }

  private static String show(Object v) {
    return v == null ? "NULL" : v.toString();
  }

  private static void csv(LakeQueries.Table table, PrintWriter out) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < table.columns().size(); i++) {
      line.append(i == 0 ? "" : ",").append(csvField(table.columns().get(i).name()));
    }
    out.print(line.append("\r\n"));
    for (List<Object> row : table.rows()) {
      line.setLength(0);
      for (int i = 0; i < row.size(); i++) {
        line.append(i == 0 ? "" : ",").append(row.get(i) == null ? "" : csvField(row.get(i).toString()));
      }
      out.print(line.append("\r\n"));
    }
  }

  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static void json(LakeQueries.Table table, PrintWriter out) {
    try {
      out.println(JSON.writeValueAsString(table));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the result as JSON", e);
    }
  }
}
