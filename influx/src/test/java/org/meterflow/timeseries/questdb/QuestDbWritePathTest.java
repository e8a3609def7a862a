package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuestDbWritePathTest {

  @Test
  void parsesTheConfigSpellings() {
    assertThat(QuestDbWritePath.parse("wal")).isEqualTo(QuestDbWritePath.WAL);
    assertThat(QuestDbWritePath.parse(" WAL ")).isEqualTo(QuestDbWritePath.WAL);
    assertThat(QuestDbWritePath.parse("line-protocol")).isEqualTo(QuestDbWritePath.LINE_PROTOCOL);
    for (QuestDbWritePath path : QuestDbWritePath.values()) {
      assertThat(QuestDbWritePath.parse(path.configValue())).isEqualTo(path);
    }
  }

  @Test
  void anythingElseIsRefusedNamingTheChoices() {
    assertThatThrownBy(() -> QuestDbWritePath.parse("ilp")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wal or line-protocol");
    assertThatThrownBy(() -> QuestDbWritePath.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuestDbWritePath.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsDefaultToWal() {
    assertThat(QuestDbStoreSettings.defaults().writePath()).isEqualTo(QuestDbWritePath.WAL);
    assertThat(QuestDbStoreSettings.defaults().withWritePath(QuestDbWritePath.LINE_PROTOCOL).writePath())
        .isEqualTo(QuestDbWritePath.LINE_PROTOCOL);
  }
}
