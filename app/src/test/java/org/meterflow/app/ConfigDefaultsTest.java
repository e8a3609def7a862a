package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meterflow.actors.ingest.IngestSettings;
import org.meterflow.actors.meter.MeterEntitySettings;
import org.meterflow.actors.outage.OutageMonitor;
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
    assertThat(MeterEntitySettings.tamperFrom(config.getConfig("meterflow.tamper"))).isEqualTo(TamperSettings.defaults());
    assertThat(OutageMonitor.settingsFrom(config.getConfig("meterflow.outage"))).isEqualTo(OutageSettings.defaults());
    assertThat(MeterEntitySettings.fromConfig(config.getConfig("meterflow.meter"), QualitySettings.defaults(),
        TamperSettings.defaults(), OutageSettings.defaults()).limits()).isEqualTo(ValidationLimits.defaults());
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
    assertThat(PlatformSettings.fromConfig(overridden).httpPort()).isEqualTo(18099);
    IngestSettings ingest = IngestSettings.fromConfig(config.getConfig("meterflow.ingest"));
    assertThat(ingest.shareGroup()).isEmpty();
    assertThat(ingest.connections()).isEqualTo(1);
  }
}
