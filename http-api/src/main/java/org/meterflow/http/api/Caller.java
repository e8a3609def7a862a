package org.meterflow.http.api;

import java.util.Objects;

/** Who is calling, as established from a bearer token. {@code consumerId} is set for consumers only. */
public record Caller(String tokenId, Role role, String consumerId) {

  public enum Role { ADMIN, OPERATOR, CONSUMER }

  public Caller {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(role, "role");
  }

  public boolean isStaff() {
    return role == Role.ADMIN || role == Role.OPERATOR;
  }
}
