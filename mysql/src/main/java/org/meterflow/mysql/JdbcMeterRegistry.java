package org.meterflow.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.MeterRegistry;

/** {@link MeterRegistry} on the {@code meters} table, through plain JDBC. */
public final class JdbcMeterRegistry implements MeterRegistry {

  private static final String COLUMNS = "serial, consumer_id, tariff_category, region, substation, feeder, dt, "
      + "nominal_voltage, nominal_frequency, cycle_group, net_metered, status, certificate_serial, registered_at";

  private final DataSource dataSource;

  public JdbcMeterRegistry(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private static final String INSERT = "INSERT INTO meters (" + COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  @Override
  public void add(RegisteredMeter meter) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
      bind(ps, meter);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw translate(e, meter.serial());
    }
  }

  @Override
  public void addAll(List<RegisteredMeter> meters) {
    if (meters.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (RegisteredMeter meter : meters) {
          bind(ps, meter);
          try {
            ps.executeUpdate();
          } catch (SQLException e) {
            throw translate(e, meter.serial());
          }
        }
        c.commit();
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new RegistryUnavailable(e);
    }
  }

  private static void bind(PreparedStatement ps, RegisteredMeter meter) throws SQLException {
    MeterRegistration r = meter.registration();
    ps.setString(1, r.serial());
    ps.setString(2, r.consumerId());
    ps.setString(3, r.tariffCategory());
    ps.setString(4, r.region());
    ps.setString(5, r.substation());
    ps.setString(6, r.feeder());
    ps.setString(7, r.dt());
    ps.setDouble(8, r.nominalVoltage());
    ps.setDouble(9, r.nominalFrequency());
    ps.setInt(10, r.cycleGroup());
    ps.setBoolean(11, r.netMetered());
    ps.setString(12, meter.status().name());
    ps.setString(13, meter.certificateSerial());
    ps.setTimestamp(14, Timestamp.from(meter.registeredAt()));
    ps.setTimestamp(15, Timestamp.from(meter.registeredAt()));
  }

  private static RuntimeException translate(SQLException e, String serial) {
    if (e instanceof SQLIntegrityConstraintViolationException
        || "23505".equals(e.getSQLState()) || "23000".equals(e.getSQLState())) {
      return new AlreadyRegistered(serial);
    }
    return new RegistryUnavailable(e);
  }

  @Override
  public Optional<RegisteredMeter> find(String serial) {
    String sql = "SELECT " + COLUMNS + " FROM meters WHERE serial = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, serial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new RegistryUnavailable(e);
    }
  }

  @Override
  public boolean updateStatus(String serial, MeterStatus status) {
    String sql = "UPDATE meters SET status = ?, updated_at = ? WHERE serial = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, status.name());
      ps.setTimestamp(2, Timestamp.from(Instant.now()));
      ps.setString(3, serial);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new RegistryUnavailable(e);
    }
  }

  @Override
  public List<RegisteredMeter> list(int offset, int limit) {
    String sql = "SELECT " + COLUMNS + " FROM meters ORDER BY serial LIMIT ? OFFSET ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
      ps.setInt(2, offset);
      List<RegisteredMeter> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new RegistryUnavailable(e);
    }
  }

  @Override
  public long count() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM meters");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new RegistryUnavailable(e);
    }
  }

  private static RegisteredMeter map(ResultSet rs) throws SQLException {
    MeterRegistration registration = new MeterRegistration(
        rs.getString("serial"), rs.getString("consumer_id"), rs.getString("tariff_category"),
        rs.getString("region"), rs.getString("substation"), rs.getString("feeder"), rs.getString("dt"),
        rs.getDouble("nominal_voltage"), rs.getDouble("nominal_frequency"), rs.getInt("cycle_group"),
        rs.getBoolean("net_metered"));
    return new RegisteredMeter(registration, MeterStatus.valueOf(rs.getString("status")),
        rs.getString("certificate_serial"), rs.getTimestamp("registered_at").toInstant());
  }

  /** The registry database could not be reached or refused the statement. */
  public static final class RegistryUnavailable extends RuntimeException {
    public RegistryUnavailable(SQLException cause) {
      super("meter registry unavailable: " + cause.getMessage(), cause);
    }
  }
}
