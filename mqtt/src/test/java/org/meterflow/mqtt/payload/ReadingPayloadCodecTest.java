package org.meterflow.mqtt.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.RejectionReason;

class ReadingPayloadCodecTest {

  private final ReadingPayloadCodec codec = new ReadingPayloadCodec(4096, (gateway, serial) -> serial.startsWith("G1-"));
  private final ReadingTopic meterTopic = ReadingTopic.parse("meters/M0000001/readings").orElseThrow();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private RejectionReason onlyReason(DecodedPayload decoded) {
    assertThat(decoded.readings()).isEmpty();
    assertThat(decoded.rejections()).hasSize(1);
    return decoded.rejections().get(0).verdict().reason();
  }

  @Test
  void decodesTheSpecExample() {
    DecodedPayload d = codec.decode(meterTopic, bytes("{\"serial\":\"M0000001\",\"seq\":42,\"ts\":\"2026-11-26T10:15:00Z\","
        + "\"importKwh\":1234.567,\"exportKwh\":0.0,\"voltage\":231.4,\"current\":4.2,\"frequency\":50.01,\"powerFactor\":0.97}"));
    assertThat(d.rejections()).isEmpty();
    assertThat(d.readings()).containsExactly(new Reading("M0000001", 42, Instant.parse("2026-11-26T10:15:00Z"),
        1234.567, 0.0, 231.4, 4.2, 50.01, 0.97));
  }

  @Test
  void roundTripsThroughTheEncoder() {
    Reading r = new Reading("M0000001", 1, Instant.parse("2026-11-26T10:15:00.123Z"), 1.5, 0.25, 229.9, 0.0, 49.97, null);
    assertThat(codec.decode(meterTopic, codec.encode(r)).readings()).containsExactly(r);
  }

  @Test
  void eachFaultHasItsReason() {
    assertThat(onlyReason(codec.decode(meterTopic, bytes("not json")))).isEqualTo(RejectionReason.MALFORMED);
    assertThat(onlyReason(codec.decode(meterTopic, bytes("[1,2]")))).isEqualTo(RejectionReason.MALFORMED);
    assertThat(onlyReason(codec.decode(meterTopic, bytes("{\"serial\":\"M0000001\",\"seq\":1}"))))
        .isEqualTo(RejectionReason.MISSING_FIELD);
    assertThat(onlyReason(codec.decode(meterTopic, bytes("{\"serial\":\"M0000001\",\"seq\":\"one\",\"ts\":0,"
        + "\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}")))).isEqualTo(RejectionReason.WRONG_TYPE);
    assertThat(onlyReason(codec.decode(meterTopic, bytes("{\"serial\":\"M0000002\",\"seq\":1,\"ts\":0,"
        + "\"importKwh\":1,\"voltage\":230,\"current\":1,\"frequency\":50}")))).isEqualTo(RejectionReason.SPOOFED);
    assertThat(onlyReason(codec.decode(meterTopic, new byte[5000]))).isEqualTo(RejectionReason.OVERSIZE);
  }

  @Test
  void nanTokenDecodesSoThatValidationCanRejectIt() {
    DecodedPayload d = codec.decode(meterTopic, bytes("{\"serial\":\"M0000001\",\"seq\":1,\"ts\":0,"
        + "\"importKwh\":NaN,\"voltage\":230,\"current\":1,\"frequency\":50}"));
    assertThat(d.readings()).hasSize(1);
    assertThat(d.readings().get(0).importKwh()).isNaN();
  }

  @Test
  void oneBadReadingInAGatewayBatchSparesTheOthers() {
    ReadingTopic gateway = ReadingTopic.parse("gateways/G1/readings").orElseThrow();
    Reading a = new Reading("G1-A", 1, Instant.parse("2026-11-26T10:15:00Z"), 1, 0, 230, 1, 50, null);
    Reading b = new Reading("G1-B", 1, Instant.parse("2026-11-26T10:15:00Z"), 2, 0, 230, 1, 50, null);
    Reading foreign = new Reading("OTHER", 1, Instant.parse("2026-11-26T10:15:00Z"), 2, 0, 230, 1, 50, null);
    DecodedPayload d = codec.decode(gateway, codec.encodeBatch("G1", List.of(a, foreign, b)));
    assertThat(d.readings()).containsExactly(a, b);
    assertThat(d.rejections()).extracting(r -> r.verdict().reason()).containsExactly(RejectionReason.SPOOFED);
  }

  @Test
  void onlyReadingsTopicsParse() {
    assertThat(ReadingTopic.parse("meters/M1/readings")).isPresent();
    assertThat(ReadingTopic.parse("meters/M1/other")).isEmpty();
    assertThat(ReadingTopic.parse("meters//readings")).isEmpty();
    assertThat(ReadingTopic.parse("elsewhere/M1/readings")).isEmpty();
  }
}
