package org.meterflow.lake.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The spool writes doubles in its own short form; every one must read back as the same double. */
class SpoolRowsDecimalTest {

  private static String text(double value) {
    return SpoolRows.decimal(new StringBuilder(), value).toString();
  }

  @Test
  void meterValuesAreWrittenShortAndPlain() {
    assertThat(text(1234.567)).isEqualTo("1234.567");
    assertThat(text(230.0)).isEqualTo("230");
    assertThat(text(0.97)).isEqualTo("0.97");
    assertThat(text(0.005)).isEqualTo("0.005");
    assertThat(text(-12.05)).isEqualTo("-12.05");
    assertThat(text(49.98)).isEqualTo("49.98");
    assertThat(text(12_000_000.25)).as("no exponent").isEqualTo("12000000.25");
    assertThat(text(0.0)).isEqualTo("0");
  }

  @Test
  void everyDoubleReadsBackExactly() {
    Random random = new Random(20261126);
    for (int i = 0; i < 200_000; i++) {
      double value = switch (i % 4) {
        case 0 -> Math.round(random.nextDouble() * 1e9) / 1e4;            // a register to 4 places
        case 1 -> Math.round((200 + random.nextDouble() * 60) * 10) / 10.0; // a voltage to 0.1 V
        case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 15);
        default -> Double.longBitsToDouble(random.nextLong());
      };
      String text = text(value);
      if (Double.isNaN(value)) {
        assertThat(text).isEqualTo("NaN");
      } else {
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
            .as("%s written as %s", value, text).isEqualTo(Double.doubleToRawLongBits(value));
      }
    }
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(text(-0.0)))).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }
}
