package org.meterflow.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.meterflow.http.api.Caller;
import org.meterflow.http.api.TokenAuthenticator;

/**
 * Accepts the bootstrap admin token, compared by SHA-256 digest in constant time. Per-user tokens
 * with roles (admin, operator, consumer) stored hashed come with the registry and security work.
 */
public final class StaticTokenAuthenticator implements TokenAuthenticator {

  private final byte[] adminDigest;

  public StaticTokenAuthenticator(String adminToken) {
    this.adminDigest = sha256(adminToken);
  }

  @Override
  public Optional<Caller> authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      return Optional.empty();
    }
    return MessageDigest.isEqual(adminDigest, sha256(bearerToken))
        ? Optional.of(new Caller("admin-bootstrap", Caller.Role.ADMIN, null))
        : Optional.empty();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
