package org.meterflow.app.registry;

import org.meterflow.model.meter.MeterStatus;

/**
 * What the registry tells the broker when a meter's or gateway's status changes, on top of the
 * {@link RegistryBrokerDirectory} (which the embedded broker asks at every connect): the
 * embedded HiveMQ drops the live session; an external Mosquitto also needs its CRL rewritten
 * and reloaded ({@link MosquittoBrokerAccess}).
 */
public interface BrokerAccess {

  /**
   * {@code clientId} (certificate serial {@code certificateSerial}, hex) now has {@code status}:
   * when it may no longer publish, refuse new connections and drop the open one; otherwise let
   * it connect again. Blocking; called off the actor threads.
   */
  void statusChanged(String clientId, String certificateSerial, MeterStatus status);

  /**
   * The same change, made on another node of the cluster and read back from the shared registry:
   * by default it is applied here like a local change when the client may no longer publish (this
   * node's broker may hold its session); admissions need nothing beyond the directory.
   */
  default void reflect(String clientId, String certificateSerial, MeterStatus status) {
    if (!status.mayPublish()) {
      statusChanged(clientId, certificateSerial, status);
    }
  }
}
