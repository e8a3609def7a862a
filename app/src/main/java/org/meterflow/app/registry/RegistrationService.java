package org.meterflow.app.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.ArrayList;
import java.util.List;
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
 * Registers a meter (docs/mqtt-devices.md, docs/security.md): a registry row (the serial's
 * uniqueness is the database's), a key pair and certificate from the platform CA (returned once,
 * never stored), the meter entity's registration, and admission at the broker.
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
  private final BrokerAccess broker;
  private final OutageMonitor outages;

  public RegistrationService(MeterRegistry registry, CertificateAuthority ca, ClusterSharding sharding,
      RegistryBrokerDirectory directory, Executor blocking, Duration certificateValidity, Duration askTimeout,
      Clock clock, BrokerAccess broker, OutageMonitor outages) {
    this.registry = registry;
    this.ca = ca;
    this.sharding = sharding;
    this.directory = directory;
    this.blocking = blocking;
    this.certificateValidity = certificateValidity;
    this.askTimeout = askTimeout;
    this.clock = clock;
    this.broker = broker;
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
   * Registers all meters or none: every certificate is issued first, the registry rows are added
   * in one transaction (a serial that exists fails the whole batch, nothing is written), then the
   * entities are registered and the broker admits them. Credentials in input order.
   */
  public CompletionStage<List<MeterCredentials>> registerAll(List<MeterRegistration> registrations) {
    return CompletableFuture.supplyAsync(() -> {
      List<Registered> registered = new ArrayList<>(registrations.size());
      for (MeterRegistration registration : registrations) {
        IssuedCertificate issued = ca.issueClient(registration.serial(), certificateValidity);
        registered.add(new Registered(new RegisteredMeter(registration, MeterStatus.ACTIVE,
            issued.certificate().getSerialNumber().toString(16), clock.instant()), issued));
      }
      registry.addAll(registered.stream().map(Registered::meter).toList());
      return registered;
    }, blocking).thenCompose(all -> {
      List<CompletableFuture<MeterCredentials>> done = new ArrayList<>(all.size());
      for (Registered r : all) {
        MeterRegistration registration = r.meter().registration();
        done.add(sharding.entityRefFor(MeterEntity.ENTITY_KEY, registration.serial())
            .<Done>askWithStatus(replyTo -> new MeterEntity.Register(registration, replyTo), askTimeout)
            .thenApplyAsync(ok -> {
              directory.update(r.meter());
              outages.track(registration, clock.instant());
              return credentials(r.issued());
            }, blocking).toCompletableFuture());
      }
      return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
          .thenApplyAsync(v -> {
            log.info("{} meters registered in one batch", all.size());
            return done.stream().map(CompletableFuture::join).toList();
          }, blocking);
    });
  }

  /**
   * Applies a lifecycle change: the registry first, then the broker's directory (no new
   * connections), then the broker itself (live session dropped; for Mosquitto also the CRL).
   */
  @Override
  public CompletionStage<StatusChange> change(String serial, MeterStatus.Change change) {
    return CompletableFuture.supplyAsync(() -> {
      Optional<RegisteredMeter> current = registry.find(serial);
      if (current.isEmpty()) {
        return new StatusChange.Unknown();
      }
      Optional<MeterStatus> next = current.get().status().after(change);
      if (next.isEmpty()) {
        return new StatusChange.NotAllowed(current.get(), "a " + current.get().status().name().toLowerCase()
            + " meter cannot be " + past(change));
      }
      if (next.get() != current.get().status()) {
        registry.updateStatus(serial, next.get());
      }
      RegisteredMeter meter = registry.find(serial).orElseThrow();
      directory.update(meter);
      if (meter.status().mayPublish()) {
        outages.track(meter.registration(), clock.instant());
      } else {
        outages.untrack(serial);
      }
      broker.statusChanged(serial, meter.certificateSerial(), meter.status());
      MDC.put("meterId", serial);
      log.info("meter {}: now {}", past(change), meter.status());
      MDC.remove("meterId");
      return new StatusChange.Changed(meter);
    }, blocking);
  }

  private static String past(MeterStatus.Change change) {
    return switch (change) {
      case REVOKE -> "revoked";
      case SUSPEND -> "suspended";
      case REACTIVATE -> "reactivated";
      case DECOMMISSION -> "decommissioned";
    };
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
