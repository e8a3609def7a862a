package org.meterflow.model.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A power-quality, outage or tamper event with its lifecycle raised → cleared.
 * Location (region, feeder, DT) is added by the caller from the meter's registration.
 *
 * @param id           deterministic: {@code meter-or-area:type[:cause]:raisedAtEpochMs}
 * @param type         the event's type ({@link EventType#code()} on the wire)
 * @param cause        sub-kind for tamper events ({@link TamperCause#code()}), else null
 * @param meter        the meter serial, or null for an area event
 * @param area         the DT or feeder for an area event, else null
 * @param raisedAt     when the condition began (see package doc)
 * @param clearedAt    when it ended; null while open
 * @param evidence     min/max, duration, sample count
 * @param linkedMeters for an area outage, the silent meters it links (sorted); else empty
 */
public record QualityEvent(
    String id,
    EventType type,
    String cause,
    String meter,
    String area,
    Instant raisedAt,
    Instant clearedAt,
    Evidence evidence,
    List<String> linkedMeters) {

  public QualityEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(evidence, "evidence");
    linkedMeters = linkedMeters == null ? List.of() : List.copyOf(linkedMeters);
  }

  /** A newly raised event of one meter. */
  public static QualityEvent meterEvent(String meter, EventType type, String cause, Instant raisedAt, Evidence evidence) {
    return new QualityEvent(idOf(meter, type, cause, raisedAt), type, cause, meter, null, raisedAt, null, evidence, List.of());
  }

  static String idOf(String subject, EventType type, String cause, Instant raisedAt) {
    return subject + ":" + type.code() + (cause == null ? "" : ":" + cause) + ":" + raisedAt.toEpochMilli();
  }

  /** {@code open} or {@code cleared}, as in the API's {@code state} field. */
  public String state() {
    return clearedAt == null ? "open" : "cleared";
  }

  public boolean isOpen() {
    return clearedAt == null;
  }

  /** The dedup key: one open event per key and subject. */
  public String key() {
    return cause == null ? type.code() : type.code() + ":" + cause;
  }

  public QualityEvent withEvidence(Evidence e) {
    return new QualityEvent(id, type, cause, meter, area, raisedAt, clearedAt, e, linkedMeters);
  }

  public QualityEvent withLinkedMeters(List<String> meters) {
    return new QualityEvent(id, type, cause, meter, area, raisedAt, clearedAt, evidence, meters);
  }

  /** This event cleared at {@code at}; the evidence duration then spans raisedAt → clearedAt. */
  public QualityEvent clearedAt(Instant at) {
    return new QualityEvent(id, type, cause, meter, area, raisedAt, at,
        evidence.withDuration(Duration.between(raisedAt, at)), linkedMeters);
  }
}
