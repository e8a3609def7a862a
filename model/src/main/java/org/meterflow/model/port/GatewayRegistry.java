package org.meterflow.model.port;

import java.util.List;
import java.util.Optional;
import org.meterflow.model.meter.RegisteredGateway;

/** The durable registry of gateways and their meter assignments. Blocking. */
public interface GatewayRegistry {

  /** Adds a gateway with its meters; throws {@link MeterRegistry.AlreadyRegistered} for a known id. */
  void add(RegisteredGateway gateway);

  Optional<RegisteredGateway> find(String id);

  /** Sets a gateway's status; false when there is no such gateway. */
  boolean updateStatus(String id, org.meterflow.model.meter.MeterStatus status);

  /** Every gateway, for loading the broker's directory at start. */
  List<RegisteredGateway> all();
}
