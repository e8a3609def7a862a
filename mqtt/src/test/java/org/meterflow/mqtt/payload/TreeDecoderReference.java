package org.meterflow.mqtt.payload;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.model.reading.Verdict;

/**
 * The decoder as it was before the streaming one: Jackson's tree and {@code Instant.parse}. Kept
 * as the reference the streaming decoder must agree with ({@link StreamingDecoderAgreesWithTreeTest}).
 */
final class TreeDecoderReference {

  private final ObjectMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private final int maxPayloadBytes;
  private final BiPredicate<String, String> gatewayMayPublishFor;

  TreeDecoderReference(int maxPayloadBytes, BiPredicate<String, String> gatewayMayPublishFor) {
    this.maxPayloadBytes = maxPayloadBytes;
    this.gatewayMayPublishFor = gatewayMayPublishFor;
  }

  /** Decodes a message that arrived on {@code topic}. */
  public DecodedPayload decode(ReadingTopic topic, byte[] payload) {
    List<Reading> readings = new ArrayList<>();
    List<DecodedPayload.Rejection> rejections = new ArrayList<>();
    if (payload.length > maxPayloadBytes) {
      rejections.add(reject(topic.id(), RejectionReason.OVERSIZE,
          payload.length + " bytes exceeds the limit of " + maxPayloadBytes));
      return new DecodedPayload(readings, rejections);
    }
    JsonNode root;
    try {
      root = mapper.readTree(payload);
    } catch (IOException e) {
      rejections.add(reject(topic.id(), RejectionReason.MALFORMED, "not JSON: " + firstLine(e.getMessage())));
      return new DecodedPayload(readings, rejections);
    }
    if (root == null || !root.isObject()) {
      rejections.add(reject(topic.id(), RejectionReason.MALFORMED, "expected a JSON object"));
      return new DecodedPayload(readings, rejections);
    }
    JsonNode batch = root.get("readings");
    if (batch != null) {
      decodeBatch(topic, root, batch, readings, rejections);
    } else {
      decodeOne(topic, root, readings, rejections);
    }
    return new DecodedPayload(readings, rejections);
  }

  private void decodeBatch(ReadingTopic topic, JsonNode root, JsonNode batch,
      List<Reading> readings, List<DecodedPayload.Rejection> rejections) {
    if (!batch.isArray()) {
      rejections.add(reject(topic.id(), RejectionReason.WRONG_TYPE, "readings must be an array"));
      return;
    }
    if (topic.kind() == ReadingTopic.Kind.GATEWAY) {
      JsonNode gateway = root.get("gateway");
      if (gateway != null && !topic.id().equals(gateway.asText())) {
        rejections.add(reject(topic.id(), RejectionReason.SPOOFED,
            "batch names gateway " + gateway.asText() + " on the topic of " + topic.id()));
        return;
      }
    }
    for (JsonNode element : batch) {
      if (!element.isObject()) {
        rejections.add(reject(topic.id(), RejectionReason.MALFORMED, "a batch element is not an object"));
        continue;
      }
      decodeOne(topic, element, readings, rejections);
    }
  }

  private void decodeOne(ReadingTopic topic, JsonNode node, List<Reading> readings,
      List<DecodedPayload.Rejection> rejections) {
    String claimed = node.hasNonNull("serial") ? node.get("serial").asText() : topic.id();
    try {
      Reading reading = toReading(node);
      boolean allowed = switch (topic.kind()) {
        case METER -> topic.id().equals(reading.serial());
        case GATEWAY -> gatewayMayPublishFor.test(topic.id(), reading.serial());
      };
      if (!allowed) {
        rejections.add(reject(claimed, RejectionReason.SPOOFED,
            "serial " + reading.serial() + " may not be reported on " + topic.kind().name().toLowerCase() + " topic " + topic.id()));
      } else {
        readings.add(reading);
      }
    } catch (FieldProblem p) {
      rejections.add(reject(claimed, p.reason, p.getMessage()));
    }
  }

  private static Reading toReading(JsonNode node) {
    String serial = text(node, "serial");
    long seq = integral(node, "seq");
    Instant ts = instant(node, "ts");
    double importKwh = number(node, "importKwh", true);
    double exportKwh = node.has("exportKwh") && !node.get("exportKwh").isNull() ? number(node, "exportKwh", true) : 0.0;
    double voltage = number(node, "voltage", true);
    double current = number(node, "current", true);
    double frequency = number(node, "frequency", true);
    Double powerFactor = node.has("powerFactor") && !node.get("powerFactor").isNull() ? number(node, "powerFactor", true) : null;
    return new Reading(serial, seq, ts, importKwh, exportKwh, voltage, current, frequency, powerFactor);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = require(node, field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new FieldProblem(RejectionReason.WRONG_TYPE, field + " must be a non-empty string");
    }
    return v.asText();
  }

  private static long integral(JsonNode node, String field) {
    JsonNode v = require(node, field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new FieldProblem(RejectionReason.WRONG_TYPE, field + " must be an integer");
    }
    return v.asLong();
  }

  private static double number(JsonNode node, String field, boolean required) {
    JsonNode v = required ? require(node, field) : node.get(field);
    if (!v.isNumber()) {
      throw new FieldProblem(RejectionReason.WRONG_TYPE, field + " must be a number");
    }
    return v.asDouble();
  }

  private static Instant instant(JsonNode node, String field) {
    JsonNode v = require(node, field);
    if (v.isIntegralNumber()) {
      return Instant.ofEpochMilli(v.asLong());
    }
    if (v.isTextual()) {
      try {
        return Instant.parse(v.asText());
      } catch (DateTimeParseException e) {
        throw new FieldProblem(RejectionReason.WRONG_TYPE, field + " is not an ISO-8601 UTC instant: " + v.asText());
      }
    }
    throw new FieldProblem(RejectionReason.WRONG_TYPE, field + " must be an ISO-8601 string or epoch milliseconds");
  }

  private static JsonNode require(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new FieldProblem(RejectionReason.MISSING_FIELD, field + " is missing");
    }
    return v;
  }

  private static DecodedPayload.Rejection reject(String serial, RejectionReason reason, String detail) {
    return new DecodedPayload.Rejection(serial, Verdict.rejected(reason, detail));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  
  private static final class FieldProblem extends RuntimeException {
    final RejectionReason reason;

    FieldProblem(RejectionReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
