package org.meterflow.model.billing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** A consumer account: who is billed, and the sanctioned load the fixed charge uses. */
public record Consumer(String id, String name, String address, String email, BigDecimal sanctionedLoadKw, Instant createdAt) {

  /** Consumer ids are printable identifiers safe in URLs. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public Consumer {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("consumer id must match " + ID.pattern());
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    Objects.requireNonNull(sanctionedLoadKw, "sanctionedLoadKw");
    if (sanctionedLoadKw.signum() <= 0 || sanctionedLoadKw.compareTo(new BigDecimal("100000")) > 0) {
      throw new IllegalArgumentException("sanctionedLoadKw must be in (0, 100000]");
    }
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
