package org.meterflow.app.registry;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.meterflow.model.meter.RegisteredGateway;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.BrokerClientDirectory;
import org.meterflow.model.port.GatewayRegistry;
import org.meterflow.model.port.MeterRegistry;

/**
 * Answers the broker's "who may connect" from an in-memory view of the registry, loaded at start
 * and updated by every registration and status change, so a connect never waits on the database
 * and a revocation takes effect at once.
 */
public final class RegistryBrokerDirectory implements BrokerClientDirectory {

  private final Map<String, BrokerClient> clients = new ConcurrentHashMap<>();
  private final java.util.List<RegisteredMeter> loaded = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, Set<String>> gatewayMeters = new ConcurrentHashMap<>();
  private volatile Listener listener = Listener.NONE;

  /** Told of every change made through this node's {@link #update} calls (not of loads or reflections). */
  public interface Listener {
    Listener NONE = new Listener() {
      @Override
      public void meterChanged(String serial) {}

      @Override
      public void gatewayChanged(String id) {}
    };

    void meterChanged(String serial);

    void gatewayChanged(String id);
  }

  /** Who hears of this node's changes (the cluster relay, which tells the other nodes). */
  public void listen(Listener listener) {
    this.listener = listener;
  }

  /** Loads every meter allowed to publish, page by page. */
  public void load(MeterRegistry registry) {
    int page = 10_000;
    for (int offset = 0; ; offset += page) {
      var meters = registry.list(offset, page);
      meters.forEach(this::reflect);
      meters.stream().filter(m -> m.status().mayPublish()).forEach(loaded::add);
      if (meters.size() < page) {
        return;
      }
    }
  }

  /** The meters allowed to publish as loaded at start (for the outage monitor's initial watch list). */
  public java.util.List<RegisteredMeter> meters() {
    return java.util.List.copyOf(loaded);
  }

  /** Reflects a meter's current status, changed on this node: the listener hears of it. */
  public void update(RegisteredMeter meter) {
    reflect(meter);
    listener.meterChanged(meter.serial());
  }

  /** Reflects a meter's current status as read from the registry (a change made on another node). */
  public void reflect(RegisteredMeter meter) {
    if (meter.status().mayPublish()) {
      clients.put(meter.serial(), new BrokerClient(meter.serial(), BrokerClient.Kind.METER));
    } else {
      clients.remove(meter.serial());
    }
  }

  /** Loads every gateway and its meter assignments. */
  public void loadGateways(GatewayRegistry gateways) {
    gateways.all().forEach(this::reflect);
  }

  /** Reflects a gateway's current status and assignments, changed on this node: the listener hears of it. */
  public void update(RegisteredGateway gateway) {
    reflect(gateway);
    listener.gatewayChanged(gateway.id());
  }

  /** Reflects a gateway as read from the registry (a change made on another node). */
  public void reflect(RegisteredGateway gateway) {
    if (gateway.status().mayPublish()) {
      gatewayMeters.put(gateway.id(), Set.copyOf(gateway.meters()));
      clients.put(gateway.id(), new BrokerClient(gateway.id(), BrokerClient.Kind.GATEWAY));
    } else {
      gatewayMeters.remove(gateway.id());
      clients.remove(gateway.id());
    }
  }

  /** Whether {@code gatewayId} may report readings of {@code serial} (the ingest's defence in depth). */
  public boolean gatewayMayReport(String gatewayId, String serial) {
    Set<String> meters = gatewayMeters.get(gatewayId);
    return meters != null && meters.contains(serial);
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
