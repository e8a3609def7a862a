package org.meterflow.model.meter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.meterflow.model.meter.MeterStatus.Change;

class MeterStatusTest {

  @Test
  void suspensionIsReversibleRevocationAndDecommissioningAreNot() {
    assertThat(MeterStatus.ACTIVE.after(Change.SUSPEND)).contains(MeterStatus.SUSPENDED);
    assertThat(MeterStatus.SUSPENDED.after(Change.REACTIVATE)).contains(MeterStatus.ACTIVE);
    assertThat(MeterStatus.SUSPENDED.after(Change.REVOKE)).contains(MeterStatus.REVOKED);
    assertThat(MeterStatus.REVOKED.after(Change.REACTIVATE)).isEmpty();
    assertThat(MeterStatus.REVOKED.after(Change.SUSPEND)).isEmpty();
    assertThat(MeterStatus.DECOMMISSIONED.after(Change.REACTIVATE)).isEmpty();
    assertThat(MeterStatus.DECOMMISSIONED.after(Change.REVOKE)).isEmpty();
    assertThat(MeterStatus.REVOKED.after(Change.DECOMMISSION)).contains(MeterStatus.DECOMMISSIONED);
    assertThat(MeterStatus.ACTIVE.after(Change.REACTIVATE)).as("idempotent").contains(MeterStatus.ACTIVE);
    for (MeterStatus status : MeterStatus.values()) {
      assertThat(status.mayPublish()).isEqualTo(status == MeterStatus.ACTIVE || status == MeterStatus.REGISTERED);
    }
  }
}
