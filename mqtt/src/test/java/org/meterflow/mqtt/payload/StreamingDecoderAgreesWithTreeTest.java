package org.meterflow.mqtt.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.RejectionReason;

/**
 * The streaming decoder must decide exactly as the tree decoder did (kept in the tests as
 * {@link TreeDecoderReference}): the same readings and the same rejections with the same reasons
 * and details, on hand-picked edge cases and on thousands of damaged messages.
 */
class StreamingDecoderAgreesWithTreeTest {

  private static final BiPredicate<String, String> G1_MAY_REPORT = (gateway, serial) -> serial.startsWith("G1-");
  private final ReadingPayloadCodec streaming = new ReadingPayloadCodec(8192, G1_MAY_REPORT);
  private final TreeDecoderReference tree = new TreeDecoderReference(8192, G1_MAY_REPORT);
  private final ReadingTopic meter = ReadingTopic.parse("meters/M0000001/readings").orElseThrow();
  private final ReadingTopic gateway = ReadingTopic.parse("gateways/G1/readings").orElseThrow();

  private static final String GOOD = "{\"serial\":\"M0000001\",\"seq\":42,\"ts\":\"2026-11-26T10:15:00Z\","
      + "\"importKwh\":1234.567,\"exportKwh\":0.0,\"voltage\":229.8,\"current\":4.21,\"frequency\":49.98,\"powerFactor\":0.97}";

  private static final List<String> EDGE_CASES = List.of(
      GOOD,
      "",
      "   ",
      "not json",
      "[1,2]",
      "[1,2",
      "42",
      "null",
      "\"text\"",
      "{}",
      "{\"serial\":\"M0000001\"}",
      GOOD + " trailing",
      GOOD + "{",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50,\"exportKwh\":null,\"powerFactor\":null}",
      "{\"serial\":\"M0000001\",\"seq\":1.5,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":99999999999999999999,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":99999999999999999999,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":1.5,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":true,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":0,\"importKwh\":NaN,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":0,\"importKwh\":\"1\",\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":0,\"importKwh\":123456789012345678901234567890,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000001\",\"seq\":1,\"ts\":0,\"importKwh\":[1],\"voltage\":{\"v\":1},\"current\":1,\"frequency\":50}",
      "{\"serial\":\"\",\"seq\":1,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"  \",\"seq\":1,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":1234,\"seq\":1,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":12.5,\"seq\":1,\"ts\":0}",
      "{\"serial\":true,\"seq\":1}",
      "{\"serial\":{\"a\":[1,2]},\"seq\":1}",
      "{\"serial\":null,\"seq\":1,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000002\",\"seq\":1,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"serial\":\"M0000002\",\"serial\":\"M0000001\",\"seq\":1,\"seq\":2,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}",
      "{\"extra\":{\"deep\":[{\"serial\":\"x\"}]},\"serial\":\"M0000001\",\"seq\":1,\"ts\":0,\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50,\"more\":[1,{}]}",
      "{\"readings\":null}",
      "{\"readings\":{}}",
      "{\"readings\":\"x\"}",
      "{\"readings\":[]}",
      "{\"readings\":[1,\"a\",null,[],{}]}",
      "{\"readings\":[" + GOOD + "," + GOOD.replace("42", "43") + "]}",
      "{\"serial\":\"M0000001\",\"readings\":[" + GOOD + "]}",
      "{\"readings\":[" + GOOD + "],\"readings\":[]}",
      "{\"gateway\":\"G2\",\"readings\":[" + GOOD + "]}");

  private static final List<String> TIMESTAMPS = List.of(
      "2026-11-26T10:15:00Z", "2026-11-26T10:15:00.1Z", "2026-11-26T10:15:00.123Z", "2026-11-26T10:15:00.123456789Z",
      "2026-11-26T10:15:00.1234567891Z", "2026-11-26T10:15:00.Z", "2026-11-26T10:15Z", "2026-11-26T10:15:00",
      "2026-11-26T10:15:00+05:30", "2026-11-26T10:15:00-00:00", "2026-11-26t10:15:00z", "2026-11-26 10:15:00Z",
      "2026-02-29T00:00:00Z", "2028-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
      "2026-11-26T24:00:00Z", "2026-11-26T23:60:00Z", "2016-12-31T23:59:60Z", "0000-01-01T00:00:00Z",
      "+12026-11-26T10:15:00Z", "-0001-11-26T10:15:00Z", "2026-1a-26T10:15:00Z", "2026-11-26T10:15:0xZ", "",
      "2026-11-26T10:15:00.12a4Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z");

  @Test
  void edgeCasesDecideTheSame() {
    for (String payload : EDGE_CASES) {
      agree(meter, payload);
      agree(gateway, payload);
    }
  }

  @Test
  void everyTimestampShapeDecidesTheSame() {
    for (String ts : TIMESTAMPS) {
      agree(meter, GOOD.replace("2026-11-26T10:15:00Z", ts));
    }
  }

  @Test
  void theCommonShapeIsReadExactly() {
    assertThat(IsoInstants.parseUtc("2026-11-26T10:15:00.123456789Z")).isEqualTo(Instant.parse("2026-11-26T10:15:00.123456789Z"));
    assertThat(IsoInstants.parseUtc("2026-11-26T10:15:00.5Z")).isEqualTo(Instant.parse("2026-11-26T10:15:00.500Z"));
    assertThat(IsoInstants.parseUtc("2026-02-30T00:00:00Z")).as("left to Instant.parse, which refuses it").isNull();
    assertThat(IsoInstants.parseUtc("2026-11-26T10:15:00+05:30")).isNull();
  }

  @Test
  void damagedMessagesDecideTheSame() {
    Random random = new Random(20261126);
    String batch = "{\"gateway\":\"G1\",\"readings\":[" + GOOD.replace("M0000001", "G1-0001") + ","
        + GOOD.replace("M0000001", "G1-0002").replace("\"powerFactor\":0.97", "\"note\":[1,{\"x\":null}]") + "]}";
    List<String> seeds = List.of(GOOD, batch);
    String alphabet = "{}[]\",:0123456789.-eE tnulfasNaZT";
    int checked = 0;
    for (int i = 0; i < 4000; i++) {
      StringBuilder damaged = new StringBuilder(seeds.get(i % 2));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(damaged.length());
        switch (random.nextInt(3)) {
          case 0 -> damaged.deleteCharAt(at);
          case 1 -> damaged.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> damaged.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      agree(i % 2 == 0 ? meter : gateway, damaged.toString());
      checked++;
    }
    assertThat(checked).isEqualTo(4000);
  }

  @Test
  void decimalsReadAsTheSameDoubles() {
    Random random = new Random(7);
    for (int i = 0; i < 5000; i++) {
      String value = switch (i % 3) {
        case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL));
        case 1 -> String.format("%." + random.nextInt(12) + "f", random.nextDouble() * Math.pow(10, random.nextInt(9)));
        default -> random.nextInt(1000) + "." + random.nextInt(1000) + "e" + (random.nextInt(40) - 20);
      };
      agree(meter, GOOD.replace("1234.567", value));
    }
  }

  @Test
  void aGoodBatchDecodesToItsReadings() {
    Reading a = new Reading("G1-0001", 1, Instant.parse("2026-11-26T10:00:00.250Z"), 10.5, 0.0, 230.1, 1.2, 50.0, null);
    Reading b = new Reading("G1-0002", 2, Instant.parse("2026-11-26T10:15:00Z"), 11.0, 0.5, 229.9, 1.3, 49.9, 0.91);
    DecodedPayload decoded = streaming.decode(gateway, streaming.encodeBatch("G1", List.of(a, b)));
    assertThat(decoded.readings()).containsExactly(a, b);
    assertThat(decoded.rejections()).isEmpty();
  }

  private void agree(ReadingTopic topic, String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    DecodedPayload expected = tree.decode(topic, bytes);
    DecodedPayload actual = streaming.decode(topic, bytes);
    assertThat(actual.readings()).as("readings of %s", payload).isEqualTo(expected.readings());
    assertThat(summary(actual)).as("rejections of %s", payload).isEqualTo(summary(expected));
  }

  /** Serial, reason and detail of each rejection; a syntax error's detail is the parser's own wording, so only its kind counts. */
  private static List<String> summary(DecodedPayload decoded) {
    List<String> out = new ArrayList<>();
    for (DecodedPayload.Rejection r : decoded.rejections()) {
      String detail = r.verdict().detail();
      boolean syntax = r.verdict().reason() == RejectionReason.MALFORMED && detail.startsWith("not JSON");
      out.add(r.serial() + " | " + r.verdict().reason() + " | " + (syntax ? "not JSON" : detail));
    }
    return out;
  }
}
