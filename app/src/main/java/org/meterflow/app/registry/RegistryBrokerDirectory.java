package org.meterflow.app.registry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.BrokerClientDirectory;
import org.meterflow.model.port.MeterRegistry;

/**
 * Answers the broker's "who may connect" from an in-memory view of the registry, loaded at start
 * and updated by every registration and status change, so a connect never waits on the database
 * and a revocation takes effect at once.
 */
public final class RegistryBrokerDirectory implements BrokerClientDirectory {

  private final Map<String, BrokerClient> clients = new ConcurrentHashMap<>();

  /** Loads every meter allowed to publish, page by page. */
  public void load(MeterRegistry registry) {
    int page = 10_000;
    for (int offset = 0; ; offset += page) {
      var meters = registry.list(offset, page);
      meters.forEach(this::update);
      if (meters.size() < page) {
        return;
      }
    }
  }

  /** Reflects a meter's current status. */
  public void update(RegisteredMeter meter) {
    if (meter.status().mayPublish()) {
      clients.put(meter.serial(), new BrokerClient(meter.serial(), BrokerClient.Kind.METER));
    } else {
      clients.remove(meter.serial());
    }
  }

  /** Admits a platform service (the ingest) under its certificate CN. */
  public void allowService(String clientId) {
    clients.put(clientId, new BrokerClient(clientId, BrokerClient.Kind.SERVICE));
  }

  @Override
  public Optional<BrokerClient> lookup(String clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }
}
