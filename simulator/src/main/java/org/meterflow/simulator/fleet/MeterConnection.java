package org.meterflow.simulator.fleet;

import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.meterflow.pki.TlsContexts;

/**
 * One meter's own mutual-TLS MQTT connection (client id = certificate CN = serial), publishing at
 * QoS 1 and counting what the broker acknowledged.
 */
public final class MeterConnection implements AutoCloseable {

  private final MqttAsyncClient client;
  private final MqttConnectOptions options;

  public MeterConnection(String brokerUrl, PlatformClient.Credentials credentials, int maxInflight) {
    this(brokerUrl, credentials, maxInflight, null);
  }

  /**
   * @param pings a shared scheduler for keep-alive pings (null: Paho's own timer thread per
   *              connection; thousands of connections want one shared scheduler)
   */
  public MeterConnection(String brokerUrl, PlatformClient.Credentials credentials, int maxInflight,
      java.util.concurrent.ScheduledExecutorService pings) {
    try {
      this.client = pings == null
          ? new MqttAsyncClient(brokerUrl, credentials.serial(), new MemoryPersistence())
          : new MqttAsyncClient(brokerUrl, credentials.serial(), new MemoryPersistence(),
              new org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender(pings));
    } catch (MqttException e) {
      throw new IllegalStateException("cannot create MQTT client for " + credentials.serial(), e);
    }
    options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(15);
    options.setMaxInflight(maxInflight);
    options.setSocketFactory(TlsContexts.client(credentials.certificatePem(), credentials.privateKeyPem(),
        credentials.caPem()).getSocketFactory());
    options.setHttpsHostnameVerificationEnabled(true);
  }

  /** Called (on Paho's thread) when an established connection drops. */
  public void onConnectionLost(java.util.function.Consumer<Throwable> handler) {
    client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        handler.accept(cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        // publishers subscribe to nothing
      }

      @Override
      public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
        // counted through each publish's own listener
      }
    });
  }

  public String serial() {
    return client.getClientId();
  }

  public CompletableFuture<Void> connect() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      client.connect(options, null, listener(done));
    } catch (MqttException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Publishes at QoS 1; runs {@code onAcked} when the broker's PUBACK arrives, {@code onFailed} otherwise. */
  public void publish(String topic, byte[] payload, Runnable onAcked, Runnable onFailed) {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    try {
      client.publish(topic, message, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          onAcked.run();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
          onFailed.run();
        }
      });
    } catch (MqttException e) {
      onFailed.run();
    }
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(2000).waitForCompletion(3000);
      }
      client.close();
    } catch (MqttException e) {
      // closing is best effort: the broker drops the session on its own
    }
  }

  private static IMqttActionListener listener(CompletableFuture<Void> done) {
    return new IMqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        done.complete(null);
      }

      @Override
      public void onFailure(IMqttToken token, Throwable cause) {
        done.completeExceptionally(cause);
      }
    };
  }
}
