package org.meterflow.lake.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.meterflow.model.port.LakeQueries.Refused;

/** The gate of lake SQL: one {@code SELECT} or {@code WITH … SELECT}, nothing else. */
final class ReadOnlySql {

  private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s+|--[^\\n]*(\\n|$)|/\\*.*?\\*/)+", Pattern.DOTALL);
  private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[\\s;]+$");

  private ReadOnlySql() {}

  /** The statement without leading comments, surrounding blanks and trailing semicolons. */
  static String strip(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new Refused("give a SELECT statement");
    }
    String s = LEADING_COMMENTS.matcher(sql).replaceFirst("");
    return TRAILING_SEMICOLONS.matcher(s).replaceFirst("");
  }

  /**
   * Refuses anything but a single SELECT: the first word must be SELECT or WITH, and DuckDB's
   * parser ({@code json_serialize_sql}, which serializes SELECT statements only) must find exactly
   * one statement.
   */
  static void requireSingleSelect(Connection db, String sql) throws SQLException {
    String first = sql.split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
    if (!first.equals("SELECT") && !first.equals("WITH") && !first.equals("FROM")) {
      throw new Refused("only SELECT (or WITH … SELECT) statements are allowed on the lake, not " + first);
    }
    try (PreparedStatement p = db.prepareStatement(
        "SELECT j ->> 'error', j ->> 'error_message', json_array_length(j -> 'statements') "
            + "FROM (SELECT json_serialize_sql(?::VARCHAR) AS j)")) {
      p.setString(1, sql);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        if ("true".equals(rs.getString(1))) {
          throw new Refused("not a valid SELECT: " + rs.getString(2));
        }
        if (rs.getLong(3) != 1) {
          throw new Refused("one statement at a time, please");
        }
      }
    }
  }
}
