package org.meterflow.app.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.outage.OutageMonitor;
import org.meterflow.http.api.MeterOnboarding;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.MeterRegistry;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Registers a meter the way SPEC §3 describes: a registry row (the serial's uniqueness is the
 * database's), a key pair and certificate from the platform CA (returned once, never stored),
 * the meter entity's registration, and admission at the broker.
 */
public final class RegistrationService implements MeterOnboarding {

  private static final Logger log = LoggerFactory.getLogger(RegistrationService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MeterRegistry registry;
  private final CertificateAuthority ca;
  private final ClusterSharding sharding;
  private final RegistryBrokerDirectory directory;
  private final Executor blocking;
  private final Duration certificateValidity;
  private final Duration askTimeout;
  private final Clock clock;
  private final Consumer<String> disconnect;
  private final OutageMonitor outages;

  public RegistrationService(MeterRegistry registry, CertificateAuthority ca, ClusterSharding sharding,
      RegistryBrokerDirectory directory, Executor blocking, Duration certificateValidity, Duration askTimeout,
      Clock clock, Consumer<String> disconnect, OutageMonitor outages) {
    this.registry = registry;
    this.ca = ca;
    this.sharding = sharding;
    this.directory = directory;
    this.blocking = blocking;
    this.certificateValidity = certificateValidity;
    this.askTimeout = askTimeout;
    this.clock = clock;
    this.disconnect = disconnect;
    this.outages = outages;
  }

  @Override
  public CompletionStage<MeterCredentials> register(MeterRegistration registration) {
    return CompletableFuture.supplyAsync(() -> {
      IssuedCertificate issued = ca.issueClient(registration.serial(), certificateValidity);
      RegisteredMeter meter = new RegisteredMeter(registration, MeterStatus.ACTIVE,
          issued.certificate().getSerialNumber().toString(16), clock.instant());
      registry.add(meter);
      return new Registered(meter, issued);
    }, blocking).thenCompose(r -> sharding.entityRefFor(MeterEntity.ENTITY_KEY, registration.serial())
        .<Done>askWithStatus(replyTo -> new MeterEntity.Register(registration, replyTo), askTimeout)
        .thenApplyAsync(done -> {
          directory.update(r.meter());
          outages.track(registration, clock.instant());
          MDC.put("meterId", registration.serial());
          log.info("meter registered in region {} feeder {} dt {}", registration.region(), registration.feeder(),
              registration.dt());
          MDC.remove("meterId");
          return credentials(r.issued());
        }, blocking));
  }

  @Override
  public CompletionStage<Optional<RegisteredMeter>> find(String serial) {
    return CompletableFuture.supplyAsync(() -> registry.find(serial), blocking);
  }

  /**
   * Suspends the meter in the registry, removes it from the broker's directory (so it cannot
   * reconnect) and drops its live session (so it stops at once, not at its next connect).
   */
  @Override
  public CompletionStage<Optional<RegisteredMeter>> revoke(String serial) {
    return CompletableFuture.supplyAsync(() -> {
      if (!registry.updateStatus(serial, MeterStatus.SUSPENDED)) {
        return Optional.<RegisteredMeter>empty();
      }
      Optional<RegisteredMeter> meter = registry.find(serial);
      meter.ifPresent(directory::update);
      outages.untrack(serial);
      disconnect.accept(serial);
      MDC.put("meterId", serial);
      log.info("meter certificate revoked; session dropped");
      MDC.remove("meterId");
      return meter;
    }, blocking);
  }

  private static MeterCredentials credentials(IssuedCertificate issued) {
    byte[] secret = new byte[12];
    RANDOM.nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String pkcs12 = Base64.getEncoder().encodeToString(issued.toPkcs12(password.toCharArray()));
    return new MeterCredentials(issued.commonName(), issued.certificatePem(), issued.privateKeyPem(),
        issued.caPem(), pkcs12, password);
  }

  private record Registered(RegisteredMeter meter, IssuedCertificate issued) {}
}
