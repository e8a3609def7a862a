package org.meterflow.app.cli;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.meterflow.app.Platform;
import org.meterflow.pki.IssuedCertificate;
import org.meterflow.pki.TlsContexts;

/**
 * The bare-broker baseline of {@code meterflow bench --bare}: one QoS 1 subscriber on the same TLS
 * broker, standing in for the ingest (same client id and certificate kind), acking every message at
 * once and doing nothing else. What it receives per second is the ceiling the ingest is measured against.
 */
final class BareSubscriber implements AutoCloseable {

  private final MqttClient client;
  private final AtomicLong messages = new AtomicLong();
  private final int readingsPerMessage;

  private BareSubscriber(MqttClient client, int readingsPerMessage) {
    this.client = client;
    this.readingsPerMessage = readingsPerMessage;
  }

  static BareSubscriber connect(Platform platform, int readingsPerMessage) throws MqttException {
    String clientId = "meterflow-ingest-0";
    IssuedCertificate certificate = platform.issueServiceCertificate(clientId);
    MqttClient client = new MqttClient(platform.brokerUrl(), clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setSocketFactory(TlsContexts.client(certificate.certificatePem(), certificate.privateKeyPem(),
        certificate.caPem()).getSocketFactory());
    BareSubscriber subscriber = new BareSubscriber(client, readingsPerMessage);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        // the benchmark reports what arrived until then
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        subscriber.messages.incrementAndGet();
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
        // subscriber only
      }
    });
    client.connect(options);
    client.subscribe("meters/+/readings", 1);
    return subscriber;
  }

  long readings() {
    return messages.get() * readingsPerMessage;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
