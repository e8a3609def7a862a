package org.meterflow.app.registry;

import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.GatewayRegistry;
import org.meterflow.model.port.MeterRegistry;
import org.meterflow.mqtt.mosquitto.MosquittoControl;
import org.meterflow.pki.RevokedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation for an external Mosquitto: keeps the list of certificates that may not connect
 * (suspended = on hold, revoked, decommissioned) in memory, loaded from the registry at start,
 * and on every change rewrites the CRL, reloads the broker (SIGHUP) and drops the live session.
 */
public final class MosquittoBrokerAccess implements BrokerAccess {

  private static final Logger log = LoggerFactory.getLogger(MosquittoBrokerAccess.class);

  private final MosquittoControl control;
  private final Clock clock;
  private final Map<String, RevokedCertificate> revoked = new ConcurrentHashMap<>();

  public MosquittoBrokerAccess(MosquittoControl control, Clock clock) {
    this.control = control;
    this.clock = clock;
  }

  /** Loads every meter and gateway that may not publish (one pass over the registry). */
  public void load(MeterRegistry meters, GatewayRegistry gateways) {
    int page = 10_000;
    for (int offset = 0; ; offset += page) {
      List<RegisteredMeter> batch = meters.list(offset, page);
      batch.forEach(m -> entry(m.status(), m.certificateSerial()).ifPresent(e -> revoked.put(m.serial(), e)));
      if (batch.size() < page) {
        break;
      }
    }
    gateways.all().forEach(g -> entry(g.status(), g.certificateSerial()).ifPresent(e -> revoked.put(g.id(), e)));
  }

  /** Writes the broker's files (CA, server certificate, ACL for {@code serviceUsers}, CRL). */
  public void writeFiles(List<String> serviceUsers) {
    control.writeFiles(serviceUsers, List.copyOf(revoked.values()));
  }

  /** Tells the broker to read its files again (SIGHUP through the pid file, when there is one). */
  public void reload() {
    control.reload();
  }

  /** Re-signs the CRL with a fresh nextUpdate and reloads the broker (run well before it expires). */
  public void refreshCrl() {
    control.writeCrl(List.copyOf(revoked.values()));
    control.reload();
  }

  /** Certificates currently on the CRL. */
  public int revokedCount() {
    return revoked.size();
  }

  @Override
  public void statusChanged(String clientId, String certificateSerial, MeterStatus status) {
    long started = System.nanoTime();
    Optional<RevokedCertificate> entry = entry(status, certificateSerial);
    synchronized (this) {
      if (entry.isPresent()) {
        revoked.put(clientId, entry.get());
      } else {
        revoked.remove(clientId);
      }
      control.writeCrl(List.copyOf(revoked.values()));
    }
    boolean reloaded = control.reload();
    if (!status.mayPublish()) {
      boolean dropped = control.dropSession(clientId);
      log.info("'{}' is {}: CRL rewritten ({} entries), broker reloaded: {}, live session dropped: {} ({} ms)",
          clientId, status, revoked.size(), reloaded, dropped, (System.nanoTime() - started) / 1_000_000);
    } else {
      log.info("'{}' is {}: taken off the CRL, broker reloaded: {}", clientId, status, reloaded);
    }
  }

  /**
   * A change made on another node: that node rewrote the shared broker files and dropped the
   * session; here only this node's list of revoked certificates follows, so its next CRL is right.
   */
  @Override
  public void reflect(String clientId, String certificateSerial, MeterStatus status) {
    Optional<RevokedCertificate> entry = entry(status, certificateSerial);
    synchronized (this) {
      if (entry.isPresent()) {
        revoked.put(clientId, entry.get());
      } else {
        revoked.remove(clientId);
      }
    }
  }

  private Optional<RevokedCertificate> entry(MeterStatus status, String certificateSerial) {
    if (status.mayPublish() || certificateSerial == null || certificateSerial.isBlank()) {
      return Optional.empty();
    }
    RevokedCertificate.Reason reason = switch (status) {
      case SUSPENDED -> RevokedCertificate.Reason.CERTIFICATE_HOLD;
      case DECOMMISSIONED -> RevokedCertificate.Reason.CESSATION_OF_OPERATION;
      default -> RevokedCertificate.Reason.KEY_COMPROMISE;
    };
    return Optional.of(new RevokedCertificate(new BigInteger(certificateSerial, 16), clock.instant(), reason));
  }
}
