package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check of an external QuestDB's memory settings. */
class QuestDbMemoryAdviceTest {

  @Test
  void aQuestDbWithItsDefaultsIsToldWhatToChange() {
    // QuestDB 9.x defaults: query cache on, 2 MB send and receive buffer per connection
    List<String> advice = QuestDbMemoryAdvice.advice(Map.of(QuestDbMemoryAdvice.CACHE, "true",
        QuestDbMemoryAdvice.SEND_BUFFER, "2097152", QuestDbMemoryAdvice.RECV_BUFFER, "2097152"));
    assertThat(advice).hasSize(2);
    assertThat(advice.get(0)).contains("http.query.cache.enabled=false", "QDB_HTTP_QUERY_CACHE_ENABLED=false");
    assertThat(advice.get(1)).contains("4096 KiB", "QDB_HTTP_SEND_BUFFER_SIZE", "QDB_HTTP_RECV_BUFFER_SIZE");
  }

  @Test
  void theEmbeddedQuestDbReportsItsSettingsAndNeedsNoAdvice(@TempDir Path root) {
    try (EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, 0))) {
      Map<String, String> settings = QuestDbMemoryAdvice.settings(PageQueries.sql(db)).toCompletableFuture().join();
      assertThat(settings).containsEntry(QuestDbMemoryAdvice.CACHE, "false")
          .containsEntry(QuestDbMemoryAdvice.SEND_BUFFER, "65536")
          .containsEntry(QuestDbMemoryAdvice.RECV_BUFFER, "65536");
      assertThat(QuestDbMemoryAdvice.advice(settings)).isEmpty();
    }
  }

  @Test
  void aServerThatCannotAnswerIsNotCheckedAndDoesNotFailTheStart() {
    QuestDbExec nobody = new QuestDbExec("http://127.0.0.1:" + EmbeddedQuestDb.freePort(), java.time.Duration.ofSeconds(2),
        new com.fasterxml.jackson.databind.ObjectMapper());
    assertThat(QuestDbMemoryAdvice.check(nobody, "nowhere").toCompletableFuture().join()).isNull();
  }
}
