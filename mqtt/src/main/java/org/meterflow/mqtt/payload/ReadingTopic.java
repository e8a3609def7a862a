package org.meterflow.mqtt.payload;

import java.util.Optional;

/**
 * The MQTT topics readings arrive on: {@code meters/{serial}/readings} (one reading or
 * a batch of that meter) and {@code gateways/{gatewayId}/readings} (a batch for its meters).
 */
public record ReadingTopic(Kind kind, String id) {

  public enum Kind { METER, GATEWAY }

  public static final String METERS_FILTER = "meters/+/readings";
  public static final String GATEWAYS_FILTER = "gateways/+/readings";

  public static String meter(String serial) {
    return "meters/" + serial + "/readings";
  }

  public static String gateway(String gatewayId) {
    return "gateways/" + gatewayId + "/readings";
  }

  /** Parses a topic name; empty for anything that is not a readings topic. */
  public static Optional<ReadingTopic> parse(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length != 3 || !"readings".equals(parts[2]) || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return switch (parts[0]) {
      case "meters" -> Optional.of(new ReadingTopic(Kind.METER, parts[1]));
      case "gateways" -> Optional.of(new ReadingTopic(Kind.GATEWAY, parts[1]));
      default -> Optional.empty();
    };
  }
}
