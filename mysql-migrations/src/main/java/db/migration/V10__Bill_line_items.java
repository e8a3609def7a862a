package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.flywaydb.core.api.migration.Context;

/**
 * A bill's lines move into one column of its row ({@code bills.line_items}) and {@code bill_lines}
 * is dropped: a billing run then writes two rows per meter
 * (monthly reading and bill) instead of about eight (docs/decisions.md §28). Bills issued before are
 * carried over line by line, in order. Bills are then keyed by {@code (period_start, serial,
 * revision)} instead of their id (the id is derived from that key). Plain JDBC, so the same code
 * runs on H2 (MySQL mode), MySQL 8 and MariaDB 10.11.
 *
 * <p>The encoding is written out here as it was when this migration was made, not borrowed from
 * the billing store's codec: a migration that has run must never change. One line per bill line,
 * fields separated by a tab ({@code kind, quantity, rate, amount, description}), an empty field
 * for a missing quantity or rate, quantity and rate at 4 decimals and amount at 2 (as the dropped
 * columns), the description cut at 200 characters with backslash, tab, CR and newline escaped.
 */
public class V10__Bill_line_items extends BaseJavaMigration {

  private static final int BATCH = 1000;
  private static final int MAX_LENGTH = 8000;
  private static final int MAX_DESCRIPTION = 200;

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE bills ADD COLUMN line_items VARCHAR(" + MAX_LENGTH + ")");
    }
    try (Statement read = c.createStatement();
        ResultSet rows = read.executeQuery("SELECT bill_id, kind, description, quantity, rate, amount FROM bill_lines"
            + " ORDER BY bill_id, line_no");
        PreparedStatement write = c.prepareStatement("UPDATE bills SET line_items = ? WHERE id = ?")) {
      String bill = null;
      List<String> lines = new ArrayList<>();
      int pending = 0;
      while (rows.next()) {
        String id = rows.getString("bill_id");
        if (bill != null && !bill.equals(id)) {
          pending = add(write, bill, lines, pending);
          lines = new ArrayList<>();
        }
        bill = id;
        lines.add(line(rows.getString("kind"), rows.getBigDecimal("quantity"), rows.getBigDecimal("rate"),
            rows.getBigDecimal("amount"), rows.getString("description")));
      }
      if (bill != null) {
        pending = add(write, bill, lines, pending);
      }
      if (pending > 0) {
        write.executeBatch();
      }
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE bills SET line_items = '' WHERE line_items IS NULL");
      s.execute("DROP TABLE bill_lines");
      // keyed by (period, serial, revision): one index fewer to write, and a run's lookup of the
      // period's issued bills reads a key range instead of the whole table; the id is derived
      // from the key (StoredBill.idOf) and stays a column for the API
      s.execute("ALTER TABLE bills DROP PRIMARY KEY");
      s.execute("DROP INDEX idx_bills_serial_period_rev ON bills");
      s.execute("ALTER TABLE bills ADD PRIMARY KEY (period_start, serial, revision)");
    }
  }

  private static int add(PreparedStatement write, String bill, List<String> lines, int pending) throws Exception {
    String encoded = String.join("\n", lines);
    if (encoded.length() > MAX_LENGTH) {
      throw new IllegalStateException("bill " + bill + "'s lines take " + encoded.length() + " characters, more than "
          + MAX_LENGTH);
    }
    write.setString(1, encoded);
    write.setString(2, bill);
    write.addBatch();
    if (pending + 1 >= BATCH) {
      write.executeBatch();
      return 0;
    }
    return pending + 1;
  }

  /** One bill line in the column's format (see the class comment). */
  static String line(String kind, BigDecimal quantity, BigDecimal rate, BigDecimal amount, String description) {
    StringBuilder out = new StringBuilder(64).append(kind).append('\t');
    number(out, quantity, 4).append('\t');
    number(out, rate, 4).append('\t');
    number(out, amount, 2).append('\t');
    String d = description.length() > MAX_DESCRIPTION ? description.substring(0, MAX_DESCRIPTION) : description;
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static StringBuilder number(StringBuilder out, BigDecimal v, int scale) {
    return v == null ? out : out.append(v.setScale(scale, RoundingMode.HALF_UP).toPlainString());
  }
}
