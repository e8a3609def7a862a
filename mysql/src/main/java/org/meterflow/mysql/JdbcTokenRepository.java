package org.meterflow.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code api_tokens} table: token ids, roles and secret hashes (never the secrets). */
public final class JdbcTokenRepository {

  /** A stored token; {@code revokedAt} is null while it is valid. */
  public record StoredToken(String id, String role, String consumerId, String secretHash, Instant createdAt,
      Instant revokedAt) {}

  private final DataSource dataSource;

  public JdbcTokenRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void add(StoredToken token) {
    String sql = "INSERT INTO api_tokens (id, role, consumer_id, secret_hash, created_at) VALUES (?,?,?,?,?)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, token.id());
      ps.setString(2, token.role());
      ps.setString(3, token.consumerId());
      ps.setString(4, token.secretHash());
      ps.setTimestamp(5, Timestamp.from(token.createdAt()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  public Optional<StoredToken> find(String id) {
    String sql = "SELECT id, role, consumer_id, secret_hash, created_at, revoked_at FROM api_tokens WHERE id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return Optional.of(new StoredToken(rs.getString("id"), rs.getString("role"), rs.getString("consumer_id"),
            rs.getString("secret_hash"), rs.getTimestamp("created_at").toInstant(),
            revoked == null ? null : revoked.toInstant()));
      }
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  /** Every token, newest first (hashes included: callers must not expose them). */
  public java.util.List<StoredToken> all() {
    String sql = "SELECT id, role, consumer_id, secret_hash, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC, id";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      java.util.List<StoredToken> tokens = new java.util.ArrayList<>();
      while (rs.next()) {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        tokens.add(new StoredToken(rs.getString("id"), rs.getString("role"), rs.getString("consumer_id"),
            rs.getString("secret_hash"), rs.getTimestamp("created_at").toInstant(),
            revoked == null ? null : revoked.toInstant()));
      }
      return tokens;
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }

  /** Marks a token revoked; false when it is unknown or already revoked. */
  public boolean revoke(String id, Instant at) {
    String sql = "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setString(2, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new JdbcMeterRegistry.RegistryUnavailable(e);
    }
  }
}
