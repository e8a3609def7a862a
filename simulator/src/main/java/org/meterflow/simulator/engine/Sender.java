package org.meterflow.simulator.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.meterflow.model.reading.Reading;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.simulator.fault.FaultBook;
import org.meterflow.simulator.fault.FaultEffects;
import org.meterflow.simulator.load.MeterModel;

/**
 * One publisher of readings: a gateway with its meters (one batch per interval) or a single meter
 * with its own connection (one message per reading). Builds the messages for an interval,
 * applying the faults active at each meter, and hands them to its link. Driven by one publisher
 * thread only.
 */
final class Sender {

  private final Link link;
  private final String gatewayId;
  private final String topic;
  private final MeterModel[] meters;
  private final ReadingPayloadCodec codec;
  /** Position in the interval (0..1): senders publish spread evenly over it. */
  final double phase;

  Sender(Link link, String gatewayId, String topic, List<? extends MeterModel> meters, ReadingPayloadCodec codec,
      double phase) {
    this.link = link;
    this.gatewayId = gatewayId;
    this.topic = topic;
    this.meters = meters.toArray(MeterModel[]::new);
    this.codec = codec;
    this.phase = phase;
  }

  Link link() {
    return link;
  }

  int meterCount() {
    return meters.length;
  }

  /** Reads every meter at {@code at} and sends what results. */
  void publish(Instant at, FaultBook faults) {
    List<Reading> clean = new ArrayList<>(meters.length);
    List<Reading> others = new ArrayList<>(2);
    List<Reading> duplicates = List.of();
    int rejected = 0;
    int skewed = 0;
    int malformed = 0;
    for (MeterModel meter : meters) {
      FaultEffects effects = faults.effects(meter.node(), at);
      if (effects.silent()) {
        continue;
      }
      Reading r = meter.readAt(at, effects);
      if (r == null) {
        continue;
      }
      if (effects.expectedRejected()) {
        others.add(r);
        rejected++;
      } else if (effects.skewed()) {
        others.add(r);
        skewed++;
      } else {
        clean.add(r);
      }
      if (effects.duplicate()) {
        if (duplicates.isEmpty()) {
          duplicates = new ArrayList<>();
        }
        duplicates.add(r);
      }
      if (effects.malformed()) {
        malformed++;
      }
    }
    if (gatewayId != null) {
      if (!clean.isEmpty() || !others.isEmpty()) {
        List<Reading> all = others.isEmpty() ? clean : concat(clean, others);
        link.send(new Outgoing(topic, codec.encodeBatch(gatewayId, all), clean.size(), 0, 0, rejected, skewed));
      }
      if (!duplicates.isEmpty()) {
        link.send(new Outgoing(topic, codec.encodeBatch(gatewayId, duplicates), 0, duplicates.size(), 0, 0, 0));
      }
    } else {
      for (Reading r : clean) {
        link.send(new Outgoing(topic, codec.encode(r), 1, 0, 0, 0, 0));
      }
      for (Reading r : others) {
        boolean rollback = rejected > 0;
        link.send(new Outgoing(topic, codec.encode(r), 0, 0, 0, rollback ? 1 : 0, rollback ? 0 : 1));
      }
      for (Reading r : duplicates) {
        link.send(new Outgoing(topic, codec.encode(r), 0, 1, 0, 0, 0));
      }
    }
    for (int i = 0; i < malformed; i++) {
      link.send(new Outgoing(topic, malformedPayload(), 0, 0, 1, 0, 0));
    }
  }

  /** A message cut short in transit: not JSON, so the platform rejects it as malformed. */
  private byte[] malformedPayload() {
    String start = gatewayId != null ? "{\"gateway\":\"" + gatewayId + "\",\"readings\":[{\"serial\":" : "{\"serial\":";
    return start.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<Reading> concat(List<Reading> a, List<Reading> b) {
    List<Reading> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }
}
