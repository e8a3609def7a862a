package org.meterflow.mqtt.broker;

import java.nio.file.Path;

/**
 * HiveMQ CE's {@code config.xml} for MeterFlow: one TLS listener that requires a client
 * certificate (no plain TCP, no WebSocket), anonymous usage statistics off (HiveMQ CE has no
 * update check to turn off), bounded payloads and queues, no empty client ids.
 */
final class HiveMqConfig {

  /** Room for the topic, packet id and (MQTT 5) properties on top of the payload. */
  static final int PACKET_OVERHEAD_BYTES = 4 * 1024;
  static final int MAX_CLIENT_ID_LENGTH = 128;
  static final int MAX_TOPIC_LENGTH = 512;

  private HiveMqConfig() {
  }

  /** Key store paths and their passwords, as written for the listener. */
  record TlsFiles(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
  }

  static String render(BrokerSettings settings, int port, TlsFiles tls) {
    String persistence = switch (settings.persistence()) {
      case IN_MEMORY -> "in-memory";
      case FILE -> "file";
    };
    long maxPacket = Math.min(268_435_460L, (long) settings.maxPayloadBytes() + PACKET_OVERHEAD_BYTES);
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by MeterFlow on every start; edits are overwritten. -->
        <hivemq>
          <listeners>
            <tls-tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
              <name>meterflow-mtls</name>
              <tls>
                <keystore>
                  <path>%s</path>
                  <password>%s</password>
                  <private-key-password>%s</private-key-password>
                </keystore>
                <truststore>
                  <path>%s</path>
                  <password>%s</password>
                </truststore>
                <client-authentication-mode>REQUIRED</client-authentication-mode>
                <protocols>
                  <protocol>TLSv1.3</protocol>
                  <protocol>TLSv1.2</protocol>
                </protocols>
              </tls>
            </tls-tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
            <packets>
              <max-packet-size>%d</max-packet-size>
            </packets>
          </mqtt>
          <restrictions>
            <max-client-id-length>%d</max-client-id-length>
            <max-topic-length>%d</max-topic-length>
          </restrictions>
          <security>
            <allow-empty-client-id>
              <enabled>false</enabled>
            </allow-empty-client-id>
          </security>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
          <persistence>
            <mode>%s</mode>
          </persistence>
        </hivemq>
        """.formatted(
        port,
        xml(settings.bindHost()),
        xml(tls.keyStore().toAbsolutePath().toString()),
        xml(tls.keyStorePassword()),
        xml(tls.keyStorePassword()),
        xml(tls.trustStore().toAbsolutePath().toString()),
        xml(tls.trustStorePassword()),
        settings.maxQueuedMessages(),
        maxPacket,
        MAX_CLIENT_ID_LENGTH,
        MAX_TOPIC_LENGTH,
        persistence);
  }

  static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&apos;");
  }
}
