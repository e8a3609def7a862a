package org.meterflow.mqtt.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.meterflow.mqtt.payload.ReadingTopic;

/**
 * The embedded broker's hand-over of readings to the platform, one per connected meter or
 * gateway: a QoS 1 message on the client's own readings topic ({@code meters/{id}/readings} for a
 * meter, {@code gateways/{id}/readings} for a gateway) is given to the ingest and its PUBACK held
 * until the ingest has stored every reading in it. The broker itself then stores nothing: its
 * queues and their persistence are out of the path, so a crash of the process loses nothing that
 * was acknowledged (decisions §25). Anything else (another topic, retained, QoS 0 with no
 * hand-over) goes on to the broker's own authorization, which denies what the client may not do.
 */
final class ReadingHandOver implements PublishInboundInterceptor {

  private final String clientId;
  /** The client's own readings topic, as the ingest reads it: its kind and id, known at connect. */
  private final ReadingTopic topic;
  /** The same topic as a name, to match the packets' topics against. */
  private final String topicName;
  private final AtomicReference<Target> ingest;

  /** Where messages go, and how long the broker waits for a decision before it refuses one. */
  record Target(InboundReadings readings, Duration timeout) {
    Target {
      Objects.requireNonNull(readings, "readings");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  ReadingHandOver(String clientId, boolean gateway, AtomicReference<Target> ingest) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.topic = new ReadingTopic(gateway ? ReadingTopic.Kind.GATEWAY : ReadingTopic.Kind.METER, clientId);
    this.topicName = gateway ? ReadingTopic.gateway(clientId) : ReadingTopic.meter(clientId);
    this.ingest = Objects.requireNonNull(ingest, "ingest");
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    Target target = ingest.get();
    PublishPacket packet = input.getPublishPacket();
    if (target == null || packet.getRetain() || !packet.getTopic().equals(topicName)) {
      return; // the broker's permissions decide, as without a hand-over
    }
    byte[] payload = packet.getPayload().map(ReadingHandOver::bytes).orElse(new byte[0]);
    if (packet.getQos() == Qos.AT_MOST_ONCE) {
      // Fire and forget: there is no PUBACK to hold.
      target.readings().offer(topic, clientId, payload, HeldPuback.none(clientId));
      output.preventPublishDelivery(AckReasonCode.SUCCESS);
      return;
    }
    Async<PublishInboundOutput> async = output.async(target.timeout(), TimeoutFallback.FAILURE,
        AckReasonCode.UNSPECIFIED_ERROR, "the platform did not store the readings in time");
    // A decision after the timeout throws here; HeldPuback keeps it from whoever decided.
    HeldPuback puback = new HeldPuback(clientId, reason -> {
      if (reason == null) {
        // Stored: acknowledge with SUCCESS and route no further (nobody else needs it).
        async.getOutput().preventPublishDelivery(AckReasonCode.SUCCESS);
      } else {
        // An MQTT 3 publisher gets no PUBACK and is disconnected; it publishes again on reconnect.
        async.getOutput().preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, reason);
      }
      async.resume();
    });
    if (!target.readings().offer(topic, clientId, payload, puback)) {
      puback.refuse("the platform's ingest is busy or stopping");
    }
  }

  /** The one copy of the payload: out of the broker's buffer, which is not ours to keep. */
  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.asReadOnlyBuffer();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
