package org.meterflow.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.meterflow.http.api.Caller;
import org.meterflow.http.api.TokenAuthenticator;
import org.meterflow.http.api.TokenManagement;
import org.meterflow.mysql.JdbcTokenRepository;
import org.meterflow.pki.SecretHasher;

/**
 * API tokens with roles. A token reads {@code mft_<id>.<secret>}: the id finds the row, the secret
 * is checked against its Argon2id hash. A successful check is remembered for a short while (keyed
 * by the token's SHA-256, never the token itself) so that each request does not pay for Argon2;
 * revocation forgets it at once. The bootstrap admin token from the data folder is accepted too.
 */
public final class ApiTokens implements TokenAuthenticator, TokenManagement {

  private static final String PREFIX = "mft_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcTokenRepository repository;
  private final SecretHasher hasher;
  private final StaticTokenAuthenticator bootstrap;
  private final Executor blocking;
  private final Clock clock;
  private final Duration cacheFor;
  private final Map<String, Cached> verified = new ConcurrentHashMap<>();

  private record Cached(Caller caller, Instant until) {}

  public ApiTokens(JdbcTokenRepository repository, SecretHasher hasher, String bootstrapAdminToken, Executor blocking,
      Clock clock, Duration cacheFor) {
    this.repository = repository;
    this.hasher = hasher;
    this.bootstrap = new StaticTokenAuthenticator(bootstrapAdminToken);
    this.blocking = blocking;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  @Override
  public Optional<Caller> authenticate(String bearerToken) {
    Optional<Caller> admin = bootstrap.authenticate(bearerToken);
    if (admin.isPresent() || bearerToken == null || !bearerToken.startsWith(PREFIX)) {
      return admin;
    }
    String key = sha256(bearerToken);
    Instant now = clock.instant();
    Cached cached = verified.get(key);
    if (cached != null && cached.until().isAfter(now)) {
      return Optional.of(cached.caller());
    }
    int dot = bearerToken.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String id = bearerToken.substring(PREFIX.length(), dot);
    String secret = bearerToken.substring(dot + 1);
    Optional<Caller> caller = repository.find(id)
        .filter(t -> t.revokedAt() == null)
        .filter(t -> hasher.verify(secret, t.secretHash()))
        .map(t -> new Caller(t.id(), Caller.Role.valueOf(t.role()), t.consumerId()));
    caller.ifPresent(c -> verified.put(key, new Cached(c, now.plus(cacheFor))));
    return caller;
  }

  @Override
  public CompletionStage<IssuedToken> issue(Caller.Role role, String consumerId) {
    return CompletableFuture.supplyAsync(() -> {
      byte[] idBytes = new byte[8];
      byte[] secretBytes = new byte[32];
      RANDOM.nextBytes(idBytes);
      RANDOM.nextBytes(secretBytes);
      String id = HexFormat.of().formatHex(idBytes);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
      repository.add(new JdbcTokenRepository.StoredToken(id, role.name(), consumerId, hasher.hash(secret),
          clock.instant(), null));
      return new IssuedToken(id, PREFIX + id + "." + secret, role.name().toLowerCase(Locale.ROOT), consumerId);
    }, blocking);
  }

  @Override
  public CompletionStage<Boolean> revoke(String id) {
    return CompletableFuture.supplyAsync(() -> {
      boolean revoked = repository.revoke(id, clock.instant());
      verified.values().removeIf(c -> c.caller().tokenId().equals(id));
      return revoked;
    }, blocking);
  }

  @Override
  public CompletionStage<java.util.List<TokenInfo>> list() {
    return CompletableFuture.supplyAsync(() -> repository.all().stream()
        .map(t -> new TokenInfo(t.id(), t.role().toLowerCase(Locale.ROOT), t.consumerId(), t.createdAt(), t.revokedAt()))
        .toList(), blocking);
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
