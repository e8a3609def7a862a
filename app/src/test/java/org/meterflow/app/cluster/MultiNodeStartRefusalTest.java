package org.meterflow.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import org.meterflow.app.startup.StartupFailure;

/**
 * A node told to join other nodes, but configured with the single-node embedded components, refuses
 * to start before it starts anything, and names every setting to change; one node alone (or a
 * cluster of itself) starts as before.
 */
class MultiNodeStartRefusalTest {

  @TempDir
  Path dir;

  @Test
  void aNodeOfAClusterOnEmbeddedDefaultsRefusesToStartAndNamesEverySetting() {
    Map<String, Object> keys = new HashMap<>(MeterflowConfig.isolated(dir.resolve("data")));
    keys.put("meterflow.cluster.seeds", "127.0.0.1:25521,127.0.0.1:25522");
    keys.put("pekko.remote.artery.canonical.port", 25521);
    keys.put("meterflow.cluster.node-name", "n1");

    assertThatThrownBy(() -> Platform.start(MeterflowConfig.load(keys)))
        .isInstanceOf(StartupFailure.class)
        .hasMessageContaining("node n1 of a multi-node cluster")
        .hasMessageContaining("the embedded H2 registry")
        .hasMessageContaining("the embedded H2 event journal")
        .hasMessageContaining("the embedded QuestDB")
        .hasMessageContaining("the local lake folder")
        .hasMessageContaining("the platform CA and admin token in the data dir")
        .hasMessageContaining("METERFLOW_DB_URL")
        .hasMessageContaining("METERFLOW_TIMESERIES_KIND=influxdb")
        .hasMessageContaining("METERFLOW_LAKE_SHARED_FOLDER=true")
        .hasMessageContaining("METERFLOW_SECRETS_DIR");
    assertThat(Files.exists(dir.resolve("data"))).as("nothing started, not even the data dir").isFalse();
  }

  @Test
  void onlyTheComponentsStillSingleNodeAreNamed() {
    Map<String, Object> keys = new HashMap<>(MeterflowConfig.isolated(dir.resolve("data")));
    keys.put("meterflow.cluster.seeds", "10.0.0.1:25520,10.0.0.2:25520");
    keys.put("meterflow.registry.url", "jdbc:mariadb://127.0.0.1:1/meterflow");
    keys.put("meterflow.timeseries.kind", "influxdb");
    keys.put("meterflow.lake.shared-folder", true);
    keys.put("meterflow.secrets-dir", dir.resolve("secrets").toString());

    assertThat(SingleNodeComponents.refusals(MeterflowConfig.load(keys)))
        .as("the journal follows the registry's MariaDB; lake marked shared; secrets shared: nothing left")
        .isEmpty();
    keys.put("meterflow.journal.url", "jdbc:h2:file:" + dir.resolve("journal"));
    assertThat(SingleNodeComponents.refusals(MeterflowConfig.load(keys)))
        .extracting(SingleNodeComponents.Refusal::component)
        .containsExactly("the embedded H2 event journal");
  }

  @Test
  void aClusterOfOneOrNoSeedsIsASingleNode() {
    Map<String, Object> keys = new HashMap<>(MeterflowConfig.isolated(dir.resolve("data")));
    keys.put("pekko.remote.artery.canonical.port", 25530);
    assertThat(ClusterSettings.fromConfig(MeterflowConfig.load(keys)).multiNode()).isFalse();
    keys.put("meterflow.cluster.seeds", "localhost:25530");
    ClusterSettings self = ClusterSettings.fromConfig(MeterflowConfig.load(keys));
    assertThat(self.multiNode()).as("its own address as the only seed").isFalse();
    assertThat(self.nodeName()).isEqualTo("127.0.0.1:25530");
    assertThat(self.roles()).containsExactly("meterflow", "node-127.0.0.1:25530");
    keys.put("meterflow.cluster.seeds", "localhost:25530,localhost:25531");
    keys.put("meterflow.cluster.node-name", "n1");
    ClusterSettings two = ClusterSettings.fromConfig(MeterflowConfig.load(keys));
    assertThat(two.multiNode()).isTrue();
    assertThat(two.seedNodeAddresses()).containsExactly("pekko://meterflow@localhost:25530",
        "pekko://meterflow@localhost:25531");
    assertThat(MeterflowConfig.load(keys).getStringList("pekko.cluster.seed-nodes"))
        .containsExactly("pekko://meterflow@localhost:25530", "pekko://meterflow@localhost:25531");
    assertThat(MeterflowConfig.load(keys).getStringList("pekko.cluster.roles")).contains("node-n1");
  }

  @Test
  void aSeedThatIsNotHostAndPortIsRefusedByName() {
    Map<String, Object> keys = new HashMap<>(MeterflowConfig.isolated(dir.resolve("data")));
    keys.put("meterflow.cluster.seeds", "10.0.0.1");
    assertThatThrownBy(() -> MeterflowConfig.load(keys))
        .hasMessageContaining("meterflow.cluster.seeds: '10.0.0.1' is not host:port");
  }
}
