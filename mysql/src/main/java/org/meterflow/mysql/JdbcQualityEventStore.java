package org.meterflow.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.meterflow.model.quality.EventType;
import org.meterflow.model.quality.Evidence;
import org.meterflow.model.quality.QualityEvent;

/** The {@code quality_events} table: one row per event id, upserted when raised and when cleared. */
public final class JdbcQualityEventStore {

  /** An event with where it happened. */
  public record LocatedEvent(QualityEvent event, String region, String feeder, String dt) {}

  /** Query filters; null means any. {@code open} null = both states. */
  public record Filter(String type, String region, String meter, Boolean open, int limit) {}

  private final DataSource dataSource;

  public JdbcQualityEventStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void upsert(LocatedEvent located) {
    QualityEvent e = located.event();
    String sql = "INSERT INTO quality_events (id, event_type, cause, meter, area, region, feeder, dt, raised_at, cleared_at, "
        + "ev_min, ev_max, ev_unit, ev_duration_ms, ev_samples, ev_note, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        + "ON DUPLICATE KEY UPDATE updated_at = VALUES(updated_at), cleared_at = VALUES(cleared_at), ev_min = VALUES(ev_min), ev_max = VALUES(ev_max), "
        + "ev_duration_ms = VALUES(ev_duration_ms), ev_samples = VALUES(ev_samples), ev_note = VALUES(ev_note)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, e.id());
      ps.setString(2, e.type().code());
      ps.setString(3, e.cause());
      ps.setString(4, e.meter());
      ps.setString(5, e.area());
      ps.setString(6, located.region());
      ps.setString(7, located.feeder());
      ps.setString(8, located.dt());
      ps.setTimestamp(9, Timestamp.from(e.raisedAt()));
      ps.setTimestamp(10, e.clearedAt() == null ? null : Timestamp.from(e.clearedAt()));
      setDouble(ps, 11, e.evidence().min());
      setDouble(ps, 12, e.evidence().max());
      ps.setString(13, e.evidence().unit());
      ps.setLong(14, e.evidence().duration() == null ? 0 : e.evidence().duration().toMillis());
      ps.setLong(15, e.evidence().samples());
      String note = e.evidence().note();
      ps.setString(16, note.length() > 255 ? note.substring(0, 255) : note);
      ps.setTimestamp(17, Timestamp.from(java.time.Instant.now()));
      ps.executeUpdate();
    } catch (SQLException ex) {
      throw new JdbcMeterRegistry.RegistryUnavailable(ex);
    }
  }

  /**
   * When the events written (raised or cleared) at or after {@code since} were raised, one instant
   * per event ({@code updated_at} is the time of writing; {@code raised_at} the reading's time).
   */
  public List<java.time.Instant> raisedTimesOfEventsChangedSince(java.time.Instant since) {
    String sql = "SELECT raised_at FROM quality_events WHERE updated_at >= ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(since));
      List<java.time.Instant> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getTimestamp(1).toInstant());
        }
      }
      return out;
    } catch (SQLException ex) {
      throw new JdbcMeterRegistry.RegistryUnavailable(ex);
    }
  }

  /** Every event raised in {@code [from, to)}, oldest first. */
  public List<LocatedEvent> raisedBetween(java.time.Instant from, java.time.Instant to) {
    return select("SELECT * FROM quality_events WHERE raised_at >= ? AND raised_at < ? ORDER BY raised_at, id",
        List.of(Timestamp.from(from), Timestamp.from(to)));
  }

  /** Newest first. */
  public List<LocatedEvent> query(Filter f) {
    StringBuilder sql = new StringBuilder("SELECT * FROM quality_events WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (f.type() != null) {
      sql.append(" AND event_type = ?");
      args.add(f.type());
    }
    if (f.region() != null) {
      sql.append(" AND region = ?");
      args.add(f.region());
    }
    if (f.meter() != null) {
      sql.append(" AND meter = ?");
      args.add(f.meter());
    }
    if (f.open() != null) {
      sql.append(f.open() ? " AND cleared_at IS NULL" : " AND cleared_at IS NOT NULL");
    }
    sql.append(" ORDER BY raised_at DESC, id LIMIT ?");
    args.add(f.limit());
    return select(sql.toString(), args);
  }

  private List<LocatedEvent> select(String sql, List<Object> args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<LocatedEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp cleared = rs.getTimestamp("cleared_at");
          Evidence evidence = new Evidence(getDouble(rs, "ev_min"), getDouble(rs, "ev_max"), rs.getString("ev_unit"),
              Duration.ofMillis(rs.getLong("ev_duration_ms")), rs.getLong("ev_samples"), rs.getString("ev_note"));
          QualityEvent e = new QualityEvent(rs.getString("id"), EventType.ofCode(rs.getString("event_type")),
              rs.getString("cause"), rs.getString("meter"), rs.getString("area"), rs.getTimestamp("raised_at").toInstant(),
              cleared == null ? null : cleared.toInstant(), evidence, List.of());
          out.add(new LocatedEvent(e, rs.getString("region"), rs.getString("feeder"), rs.getString("dt")));
        }
      }
      return out;
    } catch (SQLException ex) {
      throw new JdbcMeterRegistry.RegistryUnavailable(ex);
    }
  }

  private static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

  private static double getDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }
}
