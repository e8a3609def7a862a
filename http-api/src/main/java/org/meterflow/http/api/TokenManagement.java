package org.meterflow.http.api;

import java.util.concurrent.CompletionStage;

/** Issues and revokes API tokens (admin only). A token is shown once; only its hash is kept. */
public interface TokenManagement {

  /** Issues a token; {@code consumerId} is required for consumers and must be null otherwise. */
  CompletionStage<IssuedToken> issue(Caller.Role role, String consumerId);

  /** Revokes a token at once (cached authentications included); false when unknown or already revoked. */
  CompletionStage<Boolean> revoke(String id);

  /** Every issued token without its secret or hash, newest first. */
  CompletionStage<java.util.List<TokenInfo>> list();

  /** One row of {@code GET /api/v1/tokens}; {@code revokedAt} null while valid. */
  record TokenInfo(String id, String role, String consumerId, java.time.Instant createdAt, java.time.Instant revokedAt) {}

  /** Body of {@code 201} from {@code POST /api/v1/tokens}. */
  record IssuedToken(String id, String token, String role, String consumerId) {}
}
