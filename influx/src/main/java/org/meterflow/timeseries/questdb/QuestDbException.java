package org.meterflow.timeseries.questdb;

/** QuestDB refused a statement or answered something this adapter cannot read. */
public class QuestDbException extends RuntimeException {

  public QuestDbException(String message) {
    super(message);
  }
}
