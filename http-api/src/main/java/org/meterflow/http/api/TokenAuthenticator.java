package org.meterflow.http.api;

import java.util.Optional;

/** Turns a bearer token into a caller; empty for unknown or revoked tokens. Never logs the token. */
@FunctionalInterface
public interface TokenAuthenticator {
  Optional<Caller> authenticate(String bearerToken);
}
