package org.meterflow.model.meter;

/** Lifecycle of a meter in the registry (SPEC §3). Only ACTIVE meters may connect and publish. */
public enum MeterStatus {
  REGISTERED,
  ACTIVE,
  SUSPENDED,
  DECOMMISSIONED;

  public boolean mayPublish() {
    return this == ACTIVE || this == REGISTERED;
  }
}
