package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.meterflow.model.billing.bill.BillLine;
import org.meterflow.model.billing.bill.LineKind;
import org.meterflow.mysql.billing.LineItems;

/**
 * A bill's lines move into one column of its row ({@code bills.line_items}, encoded by
 * {@link LineItems}) and {@code bill_lines} is dropped: a billing run then writes two rows per meter
 * (monthly reading and bill) instead of about eight (docs/decisions.md §28). Bills issued before are
 * carried over line by line, in order. Bills are then keyed by {@code (period_start, serial,
 * revision)} instead of their id (the id is derived from that key). Plain JDBC, so the same code
 * runs on H2 (MySQL mode), MySQL 8 and MariaDB 10.11.
 */
public class V10__Bill_line_items extends BaseJavaMigration {

  private static final int BATCH = 1000;

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE bills ADD COLUMN line_items VARCHAR(" + LineItems.MAX_LENGTH + ")");
    }
    try (Statement read = c.createStatement();
        ResultSet rows = read.executeQuery("SELECT bill_id, kind, description, quantity, rate, amount FROM bill_lines"
            + " ORDER BY bill_id, line_no");
        PreparedStatement write = c.prepareStatement("UPDATE bills SET line_items = ? WHERE id = ?")) {
      String bill = null;
      List<BillLine> lines = new ArrayList<>();
      int pending = 0;
      while (rows.next()) {
        String id = rows.getString("bill_id");
        if (bill != null && !bill.equals(id)) {
          pending = add(write, bill, lines, pending);
          lines = new ArrayList<>();
        }
        bill = id;
        lines.add(new BillLine(LineKind.valueOf(rows.getString("kind")), rows.getString("description"),
            rows.getBigDecimal("quantity"), rows.getBigDecimal("rate"), rows.getBigDecimal("amount")));
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

  private static int add(PreparedStatement write, String bill, List<BillLine> lines, int pending) throws Exception {
    write.setString(1, LineItems.encode(lines));
    write.setString(2, bill);
    write.addBatch();
    if (pending + 1 >= BATCH) {
      write.executeBatch();
      return 0;
    }
    return pending + 1;
  }
}
