package org.meterflow.mysql;

import org.meterflow.migrations.Migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.MeterRegistry;

/** The registry on H2 in MySQL mode, migrated by Flyway exactly as the platform does it. */
class JdbcMeterRegistryTest {

  @TempDir
  Path dir;

  private JdbcConnectionPool pool;
  private JdbcMeterRegistry registry;

  @BeforeEach
  void migrate() {
    pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db") + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR", "sa", "");
    assertThat(Migrations.apply(pool)).isPositive();
    assertThat(Migrations.apply(pool)).as("idempotent").isZero();
    registry = new JdbcMeterRegistry(pool);
  }

  @AfterEach
  void close() {
    pool.dispose();
  }

  private static RegisteredMeter meter(String serial) {
    return new RegisteredMeter(new MeterRegistration(serial, "C1", "domestic", "north", "SS1", "F1", "DT1", 230, 50, 5, true),
        MeterStatus.ACTIVE, "abc123", Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void addAllAddsEveryMeterOrNone() {
    registry.add(meter("B3"));
    assertThatThrownBy(() -> registry.addAll(java.util.List.of(meter("B1"), meter("B2"), meter("B3"), meter("B4"))))
        .isInstanceOf(MeterRegistry.AlreadyRegistered.class)
        .hasMessageContaining("B3");
    assertThat(registry.count()).as("the rows before the duplicate were rolled back").isEqualTo(1);

    registry.addAll(java.util.List.of(meter("B1"), meter("B2")));
    assertThat(registry.list(0, 10)).extracting(RegisteredMeter::serial).containsExactly("B1", "B2", "B3");
    assertThat(registry.updateStatus("B1", MeterStatus.REVOKED)).isTrue();
    assertThat(registry.find("B1").orElseThrow().status()).isEqualTo(MeterStatus.REVOKED);
  }

  @Test
  void storesFindsAndPagesMeters() {
    registry.add(meter("M2"));
    registry.add(meter("M1"));
    RegisteredMeter found = registry.find("M1").orElseThrow();
    assertThat(found.registration()).isEqualTo(meter("M1").registration());
    assertThat(found.status()).isEqualTo(MeterStatus.ACTIVE);
    assertThat(found.certificateSerial()).isEqualTo("abc123");
    assertThat(registry.find("nope")).isEmpty();
    assertThat(registry.list(0, 10)).extracting(RegisteredMeter::serial).containsExactly("M1", "M2");
    assertThat(registry.list(1, 10)).extracting(RegisteredMeter::serial).containsExactly("M2");
    assertThat(registry.count()).isEqualTo(2);
  }

  @Test
  void aSerialRegistersOnce() {
    registry.add(meter("M1"));
    assertThatThrownBy(() -> registry.add(meter("M1"))).isInstanceOf(MeterRegistry.AlreadyRegistered.class);
  }

  @Test
  void statusChangesAreDurable() {
    registry.add(meter("M1"));
    assertThat(registry.updateStatus("M1", MeterStatus.SUSPENDED)).isTrue();
    assertThat(registry.updateStatus("nope", MeterStatus.SUSPENDED)).isFalse();
    assertThat(registry.find("M1").orElseThrow().status()).isEqualTo(MeterStatus.SUSPENDED);
  }
}
