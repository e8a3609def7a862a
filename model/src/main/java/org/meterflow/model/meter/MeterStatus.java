package org.meterflow.model.meter;

/**
 * Lifecycle of a meter in the registry (docs/security.md, "Meter lifecycle"). Only REGISTERED and
 * ACTIVE meters may connect and publish.
 * <ul>
 *   <li>SUSPENDED: temporarily shut out (certificate on hold); reactivation lets it back;
 *   <li>REVOKED: its certificate is revoked for good (lost, stolen, tampered); it needs a new
 *       registration under a new serial to come back;
 *   <li>DECOMMISSIONED: taken out of service; its readings, events and bills stay queryable.
 * </ul>
 */
public enum MeterStatus {
  REGISTERED,
  ACTIVE,
  SUSPENDED,
  REVOKED,
  DECOMMISSIONED;

  public boolean mayPublish() {
    return this == ACTIVE || this == REGISTERED;
  }

  /** The status after {@code change}, or empty when the change is not allowed from this status. */
  public java.util.Optional<MeterStatus> after(Change change) {
    return switch (change) {
      case REVOKE -> this == DECOMMISSIONED ? java.util.Optional.empty() : java.util.Optional.of(REVOKED);
      case SUSPEND -> mayPublish() || this == SUSPENDED ? java.util.Optional.of(SUSPENDED) : java.util.Optional.empty();
      case REACTIVATE -> mayPublish() || this == SUSPENDED ? java.util.Optional.of(ACTIVE) : java.util.Optional.empty();
      case DECOMMISSION -> java.util.Optional.of(DECOMMISSIONED);
    };
  }

  /** What an operator can do to a registered meter. */
  public enum Change {
    REVOKE,
    SUSPEND,
    REACTIVATE,
    DECOMMISSION
  }
}
