package org.meterflow.app.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start-up step never hangs silently and always says what failed, why, and what to change. */
class StartupStepsTest {

  private final StartupSteps steps = new StartupSteps(Duration.ofMillis(300));

  @TempDir
  Path dir;

  @Test
  void aStepThatNeverAnswersFailsAtItsDeadlineNamingComponentAndSetting() {
    CountDownLatch never = new CountDownLatch(1);
    long started = System.nanoTime();
    assertThatThrownBy(() -> steps.run("the registry database (jdbc:mariadb://db/x)", "METERFLOW_DB_URL", () -> {
      never.await();
      return null;
    })).isInstanceOf(StartupFailure.class)
        .hasMessage("MeterFlow could not start the registry database (jdbc:mariadb://db/x): no answer within 0 s"
            + " (meterflow.startup.step-timeout). Check METERFLOW_DB_URL.");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aTakenPortIsSaidInAnOperatorsWords() {
    assertThatThrownBy(() -> steps.run("the HTTP server on 127.0.0.1:8080", "--http-port", () -> {
      throw new IllegalStateException("bind failed", new BindException("Address already in use"));
    })).isInstanceOf(StartupFailure.class)
        .hasMessageContaining("the HTTP server on 127.0.0.1:8080: the port is already in use")
        .hasMessageEndingWith("Check --http-port.");
  }

  @Test
  void anyOtherCauseIsNamedWithItsInnermostReason() {
    assertThatThrownBy(() -> steps.run("the lake (s3)", "METERFLOW_LAKE_S3_BUCKET", () -> {
      throw new IllegalStateException("upload failed", new java.io.IOException("NoSuchBucket: meterflow-lake"));
    })).isInstanceOf(StartupFailure.class)
        .hasMessageContaining("NoSuchBucket: meterflow-lake")
        .satisfies(e -> assertThat(((StartupFailure) e).setting()).isEqualTo("METERFLOW_LAKE_S3_BUCKET"));
  }

  @Test
  void theDataDirMustBeAFolderThatCanBeWrittenWithFreeSpace() throws Exception {
    assertThat(steps.dataDir(dir.resolve("data"), 1, "--data-dir")).isDirectory();
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(() -> steps.dataDir(file.resolve("data"), 1, "--data-dir"))
        .isInstanceOf(StartupFailure.class).hasMessageContaining("the data dir " + file.resolve("data"));
    assertThatThrownBy(() -> steps.dataDir(dir.resolve("data"), Long.MAX_VALUE, "--data-dir"))
        .isInstanceOf(StartupFailure.class).hasMessageContaining("the disk is full").hasMessageContaining("MiB free");
  }
}
