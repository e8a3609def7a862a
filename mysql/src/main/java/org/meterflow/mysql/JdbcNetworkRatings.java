package org.meterflow.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;
import org.meterflow.model.port.NetworkRatings;

/** {@link NetworkRatings} on the {@code network_assets} table, through plain JDBC. */
public final class JdbcNetworkRatings implements NetworkRatings {

  private static final String COLUMNS = "kind, asset_id, region, feeder, rated_kva";

  private final DataSource dataSource;
  private final Clock clock;

  public JdbcNetworkRatings(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public boolean upsert(RatedAsset asset) {
    String update = "UPDATE network_assets SET region = ?, feeder = ?, rated_kva = ?, updated_at = ? WHERE kind = ? AND asset_id = ?";
    String insert = "INSERT INTO network_assets (" + COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?) "
        + "ON DUPLICATE KEY UPDATE region = VALUES(region), feeder = VALUES(feeder), rated_kva = VALUES(rated_kva), "
        + "updated_at = VALUES(updated_at)";
    Timestamp now = Timestamp.from(clock.instant());
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(update)) {
        ps.setString(1, asset.region());
        ps.setString(2, asset.feeder());
        ps.setDouble(3, asset.ratedKva());
        ps.setTimestamp(4, now);
        ps.setString(5, asset.kind().code());
        ps.setString(6, asset.id());
        if (ps.executeUpdate() == 1) {
          return false;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        ps.setString(1, asset.kind().code());
        ps.setString(2, asset.id());
        ps.setString(3, asset.region());
        ps.setString(4, asset.feeder());
        ps.setDouble(5, asset.ratedKva());
        ps.setTimestamp(6, now);
        ps.executeUpdate();
        return true;
      }
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  @Override
  public Optional<RatedAsset> find(AssetKind kind, String id) {
    String sql = "SELECT " + COLUMNS + " FROM network_assets WHERE kind = ? AND asset_id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, kind.code());
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  @Override
  public List<RatedAsset> list(AssetKind kind, String region) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM network_assets WHERE 1=1");
    List<String> args = new ArrayList<>();
    if (kind != null) {
      sql.append(" AND kind = ?");
      args.add(kind.code());
    }
    if (region != null) {
      sql.append(" AND region = ?");
      args.add(region);
    }
    sql.append(" ORDER BY kind, region, asset_id");
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      List<RatedAsset> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  /** Every region that has a registered meter or a rated asset, sorted. */
  public List<String> regions() {
    return strings("SELECT region FROM meters UNION SELECT region FROM network_assets ORDER BY region", null);
  }

  /** The feeders of a region that have a registered meter or a rating, sorted. */
  public List<String> feeders(String region) {
    return strings("SELECT feeder FROM meters WHERE region = ? UNION SELECT feeder FROM network_assets WHERE region = ? "
        + "ORDER BY feeder", region);
  }

  private List<String> strings(String sql, String arg) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) {
        ps.setString(1, arg);
        ps.setString(2, arg);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  private static RatedAsset map(ResultSet rs) throws SQLException {
    return new RatedAsset(AssetKind.ofCode(rs.getString("kind")), rs.getString("asset_id"), rs.getString("region"),
        rs.getString("feeder"), rs.getDouble("rated_kva"));
  }
}
