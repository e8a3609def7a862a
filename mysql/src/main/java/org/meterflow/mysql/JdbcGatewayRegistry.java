package org.meterflow.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredGateway;
import org.meterflow.model.port.GatewayRegistry;
import org.meterflow.model.port.MeterRegistry;

/** {@link GatewayRegistry} on the {@code gateways} and {@code gateway_meters} tables (one transaction per gateway). */
public final class JdbcGatewayRegistry implements GatewayRegistry {

  private final DataSource dataSource;

  public JdbcGatewayRegistry(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void add(RegisteredGateway gateway) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement g = c.prepareStatement(
              "INSERT INTO gateways (id, status, certificate_serial, registered_at, updated_at) VALUES (?,?,?,?,?)");
          PreparedStatement m = c.prepareStatement("INSERT INTO gateway_meters (gateway_id, serial) VALUES (?,?)")) {
        g.setString(1, gateway.id());
        g.setString(2, gateway.status().name());
        g.setString(3, gateway.certificateSerial());
        g.setTimestamp(4, Timestamp.from(gateway.registeredAt()));
        g.setTimestamp(5, Timestamp.from(gateway.registeredAt()));
        g.executeUpdate();
        for (String serial : gateway.meters()) {
          m.setString(1, gateway.id());
          m.setString(2, serial);
          m.addBatch();
        }
        m.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if ("23505".equals(e.getSQLState()) || "23000".equals(e.getSQLState())) {
          throw new MeterRegistry.AlreadyRegistered(gateway.id());
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  @Override
  public boolean updateStatus(String id, MeterStatus status) {
    String sql = "UPDATE gateways SET status = ?, updated_at = ? WHERE id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, status.name());
      ps.setTimestamp(2, Timestamp.from(java.time.Instant.now()));
      ps.setString(3, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  @Override
  public Optional<RegisteredGateway> find(String id) {
    return load("WHERE g.id = ?", id).stream().findFirst();
  }

  @Override
  public List<RegisteredGateway> all() {
    return load("", null);
  }

  private List<RegisteredGateway> load(String where, String id) {
    String sql = "SELECT g.id, g.status, g.certificate_serial, g.registered_at, m.serial FROM gateways g "
        + "LEFT JOIN gateway_meters m ON m.gateway_id = g.id " + where + " ORDER BY g.id";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (id != null) {
        ps.setString(1, id);
      }
      Map<String, RegisteredGateway> head = new HashMap<>();
      Map<String, Set<String>> meters = new HashMap<>();
      List<String> order = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String gid = rs.getString("id");
          if (!head.containsKey(gid)) {
            order.add(gid);
            head.put(gid, new RegisteredGateway(gid, MeterStatus.valueOf(rs.getString("status")), Set.of(),
                rs.getString("certificate_serial"), rs.getTimestamp("registered_at").toInstant()));
            meters.put(gid, new HashSet<>());
          }
          String serial = rs.getString("serial");
          if (serial != null) {
            meters.get(gid).add(serial);
          }
        }
      }
      List<RegisteredGateway> out = new ArrayList<>();
      for (String gid : order) {
        RegisteredGateway g = head.get(gid);
        out.add(new RegisteredGateway(g.id(), g.status(), meters.get(gid), g.certificateSerial(), g.registeredAt()));
      }
      return out;
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }
}
