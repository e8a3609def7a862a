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

  public GatewayRegistrationService(GatewayRegistry gateways, MeterRegistry meters, CertificateAuthority ca,
      RegistryBrokerDirectory directory, Executor blocking, Duration certificateValidity, Clock clock) {
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

  @Override
  public CompletionStage<Optional<RegisteredGateway>> find(String id) {
    return CompletableFuture.supplyAsync(() -> gateways.find(id), blocking);
  }
}
