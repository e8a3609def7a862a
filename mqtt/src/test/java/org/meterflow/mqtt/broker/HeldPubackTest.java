package org.meterflow.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The held PUBACK of a handed-over message: decided once, and a late decision never throws. */
class HeldPubackTest {

  @Test
  void onlyTheFirstDecisionCounts() {
    List<String> decisions = new ArrayList<>();
    HeldPuback puback = new HeldPuback("M1", reason -> decisions.add(reason == null ? "accepted" : reason));

    puback.accept();
    puback.refuse("too late");
    puback.accept();

    assertThat(decisions).containsExactly("accepted");
  }

  @Test
  void aRefusalWithoutAReasonStillSaysRefused() {
    List<String> decisions = new ArrayList<>();
    new HeldPuback("M1", decisions::add).refuse(null);
    assertThat(decisions).containsExactly("refused");
  }

  @Test
  void aDecisionAfterTheBrokersTimeoutIsIgnored() {
    HeldPuback puback = new HeldPuback("M1", reason -> {
      throw new IllegalStateException("the broker refused it after its timeout (test)");
    });
    assertThatCode(puback::accept).doesNotThrowAnyException();
    assertThatCode(() -> puback.refuse("and again")).doesNotThrowAnyException();
  }
}
