package org.meterflow.influx.questdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuestDbWritePathTest {

  @Test
  void parsesTheConfigSpellings() {
    assertEquals(QuestDbWritePath.WAL, QuestDbWritePath.parse("wal"));
    assertEquals(QuestDbWritePath.WAL, QuestDbWritePath.parse(" WAL "));
    assertEquals(QuestDbWritePath.LINE_PROTOCOL, QuestDbWritePath.parse("line-protocol"));
    for (QuestDbWritePath path : QuestDbWritePath.values()) {
      assertEquals(path, QuestDbWritePath.parse(path.configValue()));
    }
  }

  @Test
  void anythingElseIsRefusedNamingTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuestDbWritePath.parse("ilp"));
    assertTrue(e.getMessage().contains("wal or line-protocol"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> QuestDbWritePath.parse(""));
    assertThrows(IllegalArgumentException.class, () -> QuestDbWritePath.parse(null));
  }

  @Test
  void settingsDefaultToWal() {
    assertEquals(QuestDbWritePath.WAL, QuestDbStoreSettings.defaults().writePath());
    assertEquals(QuestDbWritePath.LINE_PROTOCOL,
        QuestDbStoreSettings.defaults().withWritePath(QuestDbWritePath.LINE_PROTOCOL).writePath());
  }
}
