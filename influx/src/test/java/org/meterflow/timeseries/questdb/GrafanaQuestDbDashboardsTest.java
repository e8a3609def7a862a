package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.dashboards.DashboardQueries;
import org.meterflow.timeseries.dashboards.DemoFleet;

/**
 * Every SQL query of the Grafana dashboards for QuestDB ({@code deploy/grafana/dashboards/questdb},
 * PostgreSQL datasource) runs on an embedded QuestDB holding the demo fleet, written through the
 * real adapter, and returns rows worth drawing. Runs over QuestDB's HTTP {@code /exec}: the same
 * SQL engine Grafana reaches over the PG wire.
 */
class GrafanaQuestDbDashboardsTest {

  @TempDir static Path dir;
  private static EmbeddedQuestDb questDb;
  private static QuestDbReadingStore store;
  private static QuestDbExec exec;
  private static DemoFleet fleet;

  @BeforeAll
  static void writeTheDemoFleet() throws Exception {
    questDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(Files.createDirectories(dir.resolve("questdb")),
        EmbeddedQuestDb.freePort()));
    store = new QuestDbReadingStore(questDb.httpUrl(), QuestDbStoreSettings.defaults());
    store.start().toCompletableFuture().join();
    fleet = new DemoFleet(Instant.now());
    store.write(fleet.readings).toCompletableFuture().join();
    store.writeEvents(fleet.events).toCompletableFuture().join();
    exec = new QuestDbExec(questDb.httpUrl(), Duration.ofSeconds(10), new ObjectMapper());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (count("readings") < fleet.readings.size() || count("events") < fleet.events.size()) {
      assertThat(System.nanoTime()).as("QuestDB applied its WAL in time").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  /** Rows of a table, 0 while QuestDB has not created it yet. */
  private static long count(String table) {
    try {
      return exec.query("SELECT count() n FROM " + table).join().rows().get(0).get(0).asLong();
    } catch (java.util.concurrent.CompletionException e) {
      return 0;
    }
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (questDb != null) {
      questDb.close();
    }
  }

  @Test
  void everyPanelAndVariableQueryRunsAndReturnsRows() {
    List<DashboardQueries.Query> queries = DashboardQueries.grafanaQuestDbSql(fleet.from, fleet.to);
    assertThat(queries).hasSizeGreaterThan(20);
    List<String> failures = new ArrayList<>();
    for (DashboardQueries.Query q : queries) {
      try {
        QuestDbExec.Result result = exec.query(q.text()).join();
        Integer time = result.columns().get("time");
        if (result.rows().isEmpty() || !DashboardQueries.meaningful(result.rows(), time == null ? -1 : time)) {
          failures.add(q.where() + ": no rows worth drawing (" + result.rows().size() + " rows) for " + q.text());
        }
      } catch (RuntimeException e) {
        failures.add(q.where() + ": " + e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void theSilentMeterAndTheFaultsShowWhereExpected() {
    List<DashboardQueries.Query> queries = DashboardQueries.grafanaQuestDbSql(fleet.from, fleet.to);
    QuestDbExec.Result silent = exec.query(only(queries, "Silent meters").text()).join();
    assertThat(silent.rows()).hasSize(1);
    assertThat(silent.cell(silent.rows().get(0), "serial").asText()).isEqualTo("N-0006");
    QuestDbExec.Result excursions = exec.query(only(queries, "Meters with excursions").text()).join();
    assertThat(excursions.rows()).extracting(r -> excursions.cell(r, "serial").asText())
        .containsExactlyInAnyOrder("N-0002", "N-0003", "N-0004");
  }

  private static DashboardQueries.Query only(List<DashboardQueries.Query> queries, String title) {
    List<DashboardQueries.Query> found = queries.stream().filter(q -> q.where().contains(title)).toList();
    assertThat(found).as(title).hasSize(1);
    return found.get(0);
  }
}
