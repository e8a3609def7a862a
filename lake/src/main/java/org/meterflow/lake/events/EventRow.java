package org.meterflow.lake.events;

import java.time.Instant;

/**
 * One power-quality, outage, tamper or capacity event as the lake keeps it: its latest state
 * (raised, or raised and cleared) with the place and the evidence (named as in the HTTP API).
 */
public record EventRow(String id, String type, String cause, String meter, String area, String region, String feeder,
    String dt, Instant raisedAt, Instant clearedAt, Double evidenceMin, Double evidenceMax, String evidenceUnit,
    long durationMs, long samples, String note) {
}
