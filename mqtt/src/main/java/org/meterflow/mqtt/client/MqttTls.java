package org.meterflow.mqtt.client;

import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.meterflow.pki.IssuedCertificate;
import org.meterflow.pki.TlsContexts;

/**
 * Paho ({@code org.eclipse.paho.client.mqttv3}) settings for mutual TLS with the platform CA:
 * the client presents its certificate, trusts only the CA, and checks the broker's host name
 * against the server certificate's SANs (HTTPS-style), so dial a name the certificate carries
 * ({@code localhost} or {@code 127.0.0.1} for the embedded broker).
 *
 * <p>Create Paho clients with {@code new MemoryPersistence()}: the default file persistence
 * writes into the working directory.
 */
public final class MqttTls {

  /** Seconds; a meter on a poor link still completes TLS + CONNECT. */
  public static final int CONNECTION_TIMEOUT_SECONDS = 10;
  public static final int KEEP_ALIVE_SECONDS = 60;

  private MqttTls() {
  }

  /**
   * MQTT 3.1.1 connect options: mutual TLS from the PEMs, hostname verification on, automatic
   * reconnect off (callers own the backoff), {@code cleanSession} as given.
   */
  public static MqttConnectOptions connectOptions(String certificatePem, String privateKeyPem, String caPem,
      boolean cleanSession) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setSocketFactory(socketFactory(certificatePem, privateKeyPem, caPem));
    options.setHttpsHostnameVerificationEnabled(true);
    options.setCleanSession(cleanSession);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(CONNECTION_TIMEOUT_SECONDS);
    options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
    return options;
  }

  /** {@link #connectOptions(String, String, String, boolean)} from a registration bundle. */
  public static MqttConnectOptions connectOptions(IssuedCertificate bundle, boolean cleanSession) {
    return connectOptions(bundle.certificatePem(), bundle.privateKeyPem(), bundle.caPem(), cleanSession);
  }

  /**
   * The TLS socket factory alone, for clients that build their own options (pekko-connectors-mqtt:
   * {@code MqttConnectionSettings.withSocketFactory(...)}; Paho verifies host names by default).
   */
  public static SSLSocketFactory socketFactory(String certificatePem, String privateKeyPem, String caPem) {
    return TlsContexts.client(certificatePem, privateKeyPem, caPem).getSocketFactory();
  }

  /** {@code ssl://host:port}. */
  public static String serverUri(String host, int port) {
    return "ssl://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
