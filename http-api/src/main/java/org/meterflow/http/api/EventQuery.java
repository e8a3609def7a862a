package org.meterflow.http.api;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads power-quality, outage and tamper events for {@code GET /api/v1/events}. */
public interface EventQuery {

  /** Newest first; null filters mean any; {@code open} null = open and cleared. */
  CompletionStage<List<EventView>> find(String type, String region, String meter, Boolean open, int limit);

  /**
   * An event as the API shows it ({@code Event} in openapi.yaml): {@code min}/{@code max} null where
   * not measured.
   */
  record EventView(String id, String type, String cause, String state, String meter, String dt, String feeder,
      String region, Instant raisedAt, Instant clearedAt, Evidence evidence) {}

  /** What supports the event. */
  record Evidence(Double min, Double max, String unit, long durationMs, long samples, String note) {}
}
