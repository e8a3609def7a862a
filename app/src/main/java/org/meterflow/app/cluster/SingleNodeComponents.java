package org.meterflow.app.cluster;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The embedded components that hold state for one node only. A node of a multi-node cluster that
 * is configured with one of them would split the utility's data between nodes (each with its own
 * journal, registry, readings, lake or CA), so such a start is refused before anything starts.
 */
public final class SingleNodeComponents {

  /** One refused component: what it is, why a cluster cannot use it, and the setting to change. */
  public record Refusal(String component, String reason, String setting) {}

  private SingleNodeComponents() {}

  /** What a multi-node start configured with {@code root} would have to change; empty when nothing. */
  public static List<Refusal> refusals(Config root) {
    Config c = root.getConfig("meterflow");
    List<Refusal> refusals = new ArrayList<>();
    if (c.getString("registry.url").isBlank()) {
      refusals.add(new Refusal("the embedded H2 registry", "every node would keep its own meters, tokens and bills",
          "METERFLOW_DB_URL=jdbc:mariadb://HOST:3306/meterflow (meterflow.registry.url)"));
    }
    if (c.getString("journal.url").toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
      refusals.add(new Refusal("the embedded H2 event journal",
          "a meter's entity moving to another node would not find its events",
          "METERFLOW_JOURNAL_URL, or METERFLOW_DB_URL for journal and registry on one server (meterflow.journal)"));
    }
    if (c.getString("timeseries.kind").trim().equalsIgnoreCase("questdb") && c.getString("questdb.url").isBlank()) {
      refusals.add(new Refusal("the embedded QuestDB", "every node would keep its own readings",
          "METERFLOW_TIMESERIES_KIND=influxdb with METERFLOW_INFLUXDB_URL, or METERFLOW_QUESTDB_URL for a QuestDB "
              + "server (meterflow.timeseries, meterflow.questdb.url)"));
    }
    if (c.getBoolean("lake.enabled") && c.getString("lake.target").trim().equalsIgnoreCase("local")
        && !c.getBoolean("lake.shared-folder")) {
      refusals.add(new Refusal("the local lake folder", "every node would write its own part of the lake",
          "METERFLOW_LAKE_TARGET=s3 with METERFLOW_LAKE_S3_BUCKET, or METERFLOW_LAKE_SHARED_FOLDER=true for a "
              + "folder every node shares (meterflow.lake)"));
    }
    if (c.getString("secrets-dir").isBlank()) {
      refusals.add(new Refusal("the platform CA and admin token in the data dir",
          "every node would make its own CA, and a meter's certificate would work on one node only",
          "METERFLOW_SECRETS_DIR, a folder every node shares (meterflow.secrets-dir)"));
    }
    return List.copyOf(refusals);
  }
}
