package org.meterflow.model.port;

import java.util.List;
import java.util.Optional;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;

/** The durable registry of meters (MySQL in production, H2 in MySQL mode embedded). Blocking. */
public interface MeterRegistry {

  /** Adds a meter; throws {@link AlreadyRegistered} when the serial exists. */
  void add(RegisteredMeter meter);

  /**
   * Adds all meters or none (one transaction): throws {@link AlreadyRegistered} naming a serial
   * that exists, and then nothing was added.
   */
  void addAll(List<RegisteredMeter> meters);

  Optional<RegisteredMeter> find(String serial);

  /** Sets a meter's status; returns false when the serial is unknown. */
  boolean updateStatus(String serial, MeterStatus status);

  /** Meters ordered by serial, paged. */
  List<RegisteredMeter> list(int offset, int limit);

  long count();

  /** Thrown by {@link #add} for a serial that is already registered. */
  final class AlreadyRegistered extends RuntimeException {
    public AlreadyRegistered(String serial) {
      super("meter " + serial + " is already registered");
    }
  }
}
