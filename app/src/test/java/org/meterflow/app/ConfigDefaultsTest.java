package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meterflow.actors.ingest.IngestSettings;
import org.meterflow.actors.meter.MeterEntitySettings;
import org.meterflow.actors.outage.OutageMonitor;
import org.meterflow.timeseries.questdb.QuestDbWritePath;
import org.meterflow.lake.LakeSettings;
import org.meterflow.model.quality.OutageSettings;
import org.meterflow.model.quality.QualitySettings;
import org.meterflow.model.quality.TamperSettings;
import org.meterflow.model.reading.ValidationLimits;

/** The shipped HOCON says what the domain's documented defaults say, and command-line keys win. */
class ConfigDefaultsTest {

  private final Config config = MeterflowConfig.load(Map.of());

  @Test
  void shippedConfigMatchesDomainDefaults() {
    assertThat(MeterEntitySettings.qualityFrom(config.getConfig("meterflow.quality"))).isEqualTo(QualitySettings.defaults());
    assertThat(org.meterflow.http.api.HttpLimits.fromConfig(config.getConfig("meterflow.http.limits")))
        .isEqualTo(org.meterflow.http.api.HttpLimits.defaults());
    PlatformSettings platform = PlatformSettings.fromConfig(config);
    assertThat(platform.mqtt().embedded()).as("embedded HiveMQ by default").isTrue();
    assertThat(platform.mqtt().external().filesDir()).isEqualTo(platform.dataDir().resolve("mosquitto"));
    assertThat(MeterEntitySettings.tamperFrom(config.getConfig("meterflow.tamper"))).isEqualTo(TamperSettings.defaults());
    assertThat(OutageMonitor.settingsFrom(config.getConfig("meterflow.outage"))).isEqualTo(OutageSettings.defaults());
    assertThat(MeterEntitySettings.fromConfig(config.getConfig("meterflow.meter"), QualitySettings.defaults(),
        TamperSettings.defaults(), OutageSettings.defaults()).limits()).isEqualTo(ValidationLimits.defaults());
  }

  @Test
  void shippedBillingConfigRunsAt8InTheUtilityZone() {
    org.meterflow.actors.billing.BillingSettings billing = org.meterflow.actors.billing.BillingSettings.fromConfig(
        PlatformSettings.fromConfig(config).zone(), config.getConfig("meterflow.billing"));
    assertThat(billing.runTime()).isEqualTo(org.meterflow.model.billing.cycle.BillingSchedule.DEFAULT_RUN_TIME);
    assertThat(billing.zone()).isEqualTo(java.time.ZoneId.of("Asia/Kolkata"));
    assertThat(billing.schedulerEnabled()).isTrue();
    assertThat(billing.fallbackDailyKwh()).isNegative();
    assertThat(billing.todMaxInterval()).isEqualTo(java.time.Duration.ofHours(1));
  }

  @Test
  void theLakeIsOnByDefaultInTheDataDirWithFirehoseSizedBuffers() {
    java.nio.file.Path dataDir = PlatformSettings.fromConfig(config).dataDir();
    LakeSettings lake = LakeSettings.fromConfig(config.getConfig("meterflow.lake"), dataDir);
    assertThat(lake.enabled()).isTrue();
    assertThat(lake.target()).isEqualTo(LakeSettings.Target.LOCAL);
    assertThat(lake.dir()).isEqualTo(dataDir.resolve("lake"));
    assertThat(lake.flushBytes()).isEqualTo(64L << 20);
    assertThat(lake.flushInterval()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(lake.query().rowLimit()).isEqualTo(10_000);
    assertThat(lake.compaction()).isEqualTo(new LakeSettings.Compaction(true, java.time.Duration.ofHours(1),
        java.time.Duration.ofHours(1), 2, 128L << 20));
    Config s3 = MeterflowConfig.load(java.util.Map.of("meterflow.lake.target", "s3",
        "meterflow.lake.s3.bucket", "meters", "meterflow.lake.s3.endpoint", "http://127.0.0.1:9000"));
    LakeSettings onS3 = LakeSettings.fromConfig(s3.getConfig("meterflow.lake"), dataDir);
    assertThat(onS3.target()).isEqualTo(LakeSettings.Target.S3);
    assertThat(onS3.s3().endpoint()).contains(java.net.URI.create("http://127.0.0.1:9000"));
    assertThat(onS3.s3().prefix()).isEqualTo("meterflow/");
  }

  @Test
  void anS3LakeWithoutABucketIsRefusedAtStart() {
    Config s3 = MeterflowConfig.load(java.util.Map.of("meterflow.lake.target", "s3"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LakeSettings.fromConfig(s3.getConfig("meterflow.lake"),
        java.nio.file.Path.of("d"))).hasMessageContaining("meterflow.lake.s3.bucket");
  }

  @Test
  void theEmbeddedQuestDbIsWrittenThroughItsWalByDefault() {
    assertThat(PlatformSettings.fromConfig(config).questDb().writePath()).isEqualTo(QuestDbWritePath.WAL);
    Config ilp = MeterflowConfig.load(Map.of("meterflow.questdb.write-path", "line-protocol"));
    assertThat(PlatformSettings.fromConfig(ilp).questDb().writePath()).isEqualTo(QuestDbWritePath.LINE_PROTOCOL);
    Config wrong = MeterflowConfig.load(Map.of("meterflow.questdb.write-path", "tcp"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlatformSettings.fromConfig(wrong))
        .hasMessageContaining("meterflow.questdb.write-path");
  }

  @Test
  void timeSeriesIsTheEmbeddedQuestDbByDefaultAndInfluxDbWhenChosen() {
    assertThat(TimeSeriesSettings.fromConfig(config.getConfig("meterflow.timeseries")).kind())
        .isEqualTo(TimeSeriesSettings.Kind.QUESTDB);
    Config v1 = MeterflowConfig.load(Map.of("meterflow.timeseries.kind", "influxdb",
        "meterflow.timeseries.influxdb.version", 1, "meterflow.timeseries.influxdb.user", "mf",
        "meterflow.timeseries.influxdb.password", "secret"));
    TimeSeriesSettings influx = TimeSeriesSettings.fromConfig(v1.getConfig("meterflow.timeseries"));
    assertThat(influx.kind()).isEqualTo(TimeSeriesSettings.Kind.INFLUXDB);
    assertThat(influx.influxdb().version()).isEqualTo(1);
    assertThat(influx.influxdb().database()).as("1.x database defaults to the bucket name").isEqualTo("meterflow");
    assertThat(influx.influxdb().toString()).doesNotContain("secret");
    Config wrong = MeterflowConfig.load(Map.of("meterflow.timeseries.kind", "mongodb"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> TimeSeriesSettings.fromConfig(wrong.getConfig("meterflow.timeseries"))).hasMessageContaining("questdb or influxdb");
  }

  @Test
  void commandLineOverridesWinAndIngestSettingsAreConsistent() {
    Config overridden = MeterflowConfig.load(Map.of("meterflow.http.port", 18099));
    assertThat(PlatformSettings.fromConfig(overridden).http().port()).isEqualTo(18099);
    IngestSettings ingest = IngestSettings.fromConfig(config.getConfig("meterflow.ingest"));
    assertThat(ingest.shareGroup()).isEmpty();
    assertThat(ingest.connections()).isEqualTo(1);
  }
}
