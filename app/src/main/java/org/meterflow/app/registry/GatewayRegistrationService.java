package org.meterflow.app.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.meterflow.http.api.GatewayOnboarding;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredGateway;
import org.meterflow.model.port.GatewayRegistry;
import org.meterflow.model.port.MeterRegistry;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers a gateway: its meters must be registered; certificate from the platform CA; broker admission. */
public final class GatewayRegistrationService implements GatewayOnboarding {

  private static final Logger log = LoggerFactory.getLogger(GatewayRegistrationService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final GatewayRegistry gateways;
  private final MeterRegistry meters;
  private final CertificateAuthority ca;
  private final RegistryBrokerDirectory directory;
  private final Executor blocking;
  private final Duration certificateValidity;
  private final Clock clock;
  private final BrokerAccess broker;

  public GatewayRegistrationService(GatewayRegistry gateways, MeterRegistry meters, CertificateAuthority ca,
      RegistryBrokerDirectory directory, Executor blocking, Duration certificateValidity, Clock clock) {
    this(gateways, meters, ca, directory, blocking, certificateValidity, clock, (id, certificate, status) -> { });
  }

  /** With the broker told of status changes (drop the session; Mosquitto: CRL). */
  public GatewayRegistrationService(GatewayRegistry gateways, MeterRegistry meters, CertificateAuthority ca,
      RegistryBrokerDirectory directory, Executor blocking, Duration certificateValidity, Clock clock,
      BrokerAccess broker) {
    this.broker = broker;
    this.gateways = gateways;
    this.meters = meters;
    this.ca = ca;
    this.directory = directory;
    this.blocking = blocking;
    this.certificateValidity = certificateValidity;
    this.clock = clock;
  }

  @Override
  public CompletionStage<GatewayCredentials> register(String id, List<String> serials) {
    return CompletableFuture.supplyAsync(() -> {
      if (meters.find(id).isPresent()) {
        throw new MeterRegistry.AlreadyRegistered(id);
      }
      List<String> unknown = new ArrayList<>();
      LinkedHashSet<String> assigned = new LinkedHashSet<>(serials);
      for (String serial : assigned) {
        if (meters.find(serial).isEmpty()) {
          unknown.add(serial);
        }
      }
      if (!unknown.isEmpty()) {
        throw new UnknownMeters(unknown);
      }
      IssuedCertificate issued = ca.issueClient(id, certificateValidity);
      RegisteredGateway gateway = new RegisteredGateway(id, MeterStatus.ACTIVE, assigned,
          issued.certificate().getSerialNumber().toString(16), clock.instant());
      gateways.add(gateway);
      directory.update(gateway);
      log.info("gateway {} registered for {} meters", id, assigned.size());
      byte[] secret = new byte[12];
      RANDOM.nextBytes(secret);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      return new GatewayCredentials(id, List.copyOf(assigned), issued.certificatePem(), issued.privateKeyPem(),
          issued.caPem(), Base64.getEncoder().encodeToString(issued.toPkcs12(password.toCharArray())), password);
    }, blocking);
  }

  /**
   * The registry first, then the broker's directory (no new connections), then the broker itself
   * (live session dropped; for Mosquitto also the CRL) — as for meters.
   */
  @Override
  public CompletionStage<StatusChange> change(String id, MeterStatus.Change change) {
    return CompletableFuture.supplyAsync(() -> {
      Optional<RegisteredGateway> current = gateways.find(id);
      if (current.isEmpty()) {
        return new StatusChange.Unknown();
      }
      Optional<MeterStatus> next = current.get().status().after(change);
      if (next.isEmpty()) {
        return new StatusChange.NotAllowed(current.get(), "a " + current.get().status().name().toLowerCase(java.util.Locale.ROOT)
            + " gateway cannot be " + switch (change) {
              case REVOKE -> "revoked";
              case SUSPEND -> "suspended";
              case REACTIVATE -> "reactivated";
              case DECOMMISSION -> "decommissioned";
            });
      }
      if (next.get() != current.get().status()) {
        gateways.updateStatus(id, next.get());
      }
      RegisteredGateway gateway = gateways.find(id).orElseThrow();
      directory.update(gateway);
      broker.statusChanged(id, gateway.certificateSerial(), gateway.status());
      log.info("gateway {}: {} → now {}", id, change, gateway.status());
      return new StatusChange.Changed(gateway);
    }, blocking);
  }

  @Override
  public CompletionStage<Optional<RegisteredGateway>> find(String id) {
    return CompletableFuture.supplyAsync(() -> gateways.find(id), blocking);
  }
}
