package org.meterflow.app.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.meterflow.lake.Lake;
import org.meterflow.lake.events.EventParquet;
import org.meterflow.lake.events.EventRow;
import org.meterflow.model.quality.Evidence;
import org.meterflow.model.quality.QualityEvent;
import org.meterflow.mysql.JdbcQualityEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the meter entities' events into the lake: one Parquet file per day an event was raised
 * ({@code events/date=YYYY-MM-DD/events.parquet}, UTC days like the readings), holding each event's
 * latest state. Every run rewrites the days whose events were raised or cleared since the last run
 * (minus a look-back for late copies), so a clear that comes days after its raise updates the raise's
 * day; rewriting a day is idempotent. The source is {@code quality_events}, the queryable copy of the
 * entities' journal; where the last run got to is kept in {@code events/.exported-until} so a restart
 * does not copy everything again. Not on the ack path of readings: an event reaches the lake within
 * one export interval, and at a clean stop.
 */
public final class EventLakeExport {

  private static final Logger log = LoggerFactory.getLogger(EventLakeExport.class);
  /** Events are copied into quality_events by a writer thread; this covers its lag. */
  private static final Duration LOOK_BACK = Duration.ofMinutes(10);

  private final JdbcQualityEventStore events;
  private final Lake lake;
  private final Clock clock;
  private final Path watermark;

  public EventLakeExport(JdbcQualityEventStore events, Lake lake, Clock clock) {
    this.events = events;
    this.lake = lake;
    this.clock = clock;
    this.watermark = lake.settings().eventsDir().resolve(".exported-until");
  }

  /** One run; returns the days written. Safe to call from one thread at a time. */
  public synchronized List<LocalDate> run() throws IOException, SQLException {
    Instant started = clock.instant();
    Instant since = lastRun().map(t -> t.minus(LOOK_BACK)).orElse(Instant.EPOCH);
    SortedSet<LocalDate> days = new TreeSet<>();
    for (Instant raised : events.raisedTimesOfEventsChangedSince(since)) {
      days.add(LocalDate.ofInstant(raised, ZoneOffset.UTC));
    }
    Path staging = lake.settings().stagingDir().resolve("events");
    for (LocalDate day : days) {
      Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      List<EventRow> rows = events.raisedBetween(from, from.plus(Duration.ofDays(1))).stream()
          .map(EventLakeExport::row).toList();
      Path file = staging.resolve("events-" + day + ".parquet");
      EventParquet.write(rows, file, staging.resolve(".tmp"));
      lake.publish(file, "events/date=" + day + "/events.parquet");
      Files.deleteIfExists(file);
    }
    Files.createDirectories(watermark.getParent());
    Path next = watermark.resolveSibling(".exported-until.next");
    Files.writeString(next, started.toString());
    Files.move(next, watermark, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    if (!days.isEmpty()) {
      log.info("lake: events of {} day(s) written ({} … {})", days.size(), days.first(), days.last());
    }
    return List.copyOf(days);
  }

  /** A run that logs instead of throwing, for the timer and the stop. */
  public void runQuietly() {
    try {
      run();
    } catch (IOException | SQLException | RuntimeException e) {
      log.warn("lake: events not exported this time (next run retries): {}", e.toString());
    }
  }

  private java.util.Optional<Instant> lastRun() throws IOException {
    if (!Files.exists(watermark)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Instant.parse(Files.readString(watermark).trim()));
    } catch (DateTimeParseException e) {
      log.warn("lake: {} unreadable; exporting every day's events again", watermark);
      return java.util.Optional.empty();
    }
  }

  private static EventRow row(JdbcQualityEventStore.LocatedEvent located) {
    QualityEvent e = located.event();
    Evidence ev = e.evidence();
    return new EventRow(e.id(), e.type().code(), e.cause(), e.meter(), e.area(), located.region(), located.feeder(),
        located.dt(), e.raisedAt(), e.clearedAt(), finite(ev.min()), finite(ev.max()), ev.unit(),
        ev.duration() == null ? 0 : ev.duration().toMillis(), ev.samples(), ev.note());
  }

  private static Double finite(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }
}
