package org.meterflow.app.events;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.meterflow.actors.meter.QualityEventSink;
import org.meterflow.http.api.EventQuery;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.port.EventPoint;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.quality.QualityEvent;
import org.meterflow.mysql.JdbcQualityEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The queryable copy of the meter entities' events: each journaled raise/clear is upserted into
 * {@code quality_events} by one writer thread, in the order the entities published them (a raise
 * and its clear must not overtake each other, or a cleared event would read as open), never on
 * the entity's thread; and served to
 * {@code GET /api/v1/events}, and written as a point to the time-series store (measurement
 * {@code events}, for dashboards). The journal stays the source of truth; a failed copy is logged.
 */
public final class QualityEvents implements QualityEventSink, EventQuery {

  private static final Logger log = LoggerFactory.getLogger(QualityEvents.class);

  private final JdbcQualityEventStore store;
  private final Executor blocking;
  /** One thread: upserts apply in publication order. */
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "quality-events-writer");
    t.setDaemon(true);
    return t;
  });
  private final Consumer<EventView> feed;
  /** The time-series store: each raise and clear is also a point there, for dashboards. */
  private final ReadingStore timeSeries;

  public QualityEvents(JdbcQualityEventStore store, Executor blocking, Consumer<EventView> feed) {
    this(store, blocking, feed, null);
  }

  public QualityEvents(JdbcQualityEventStore store, Executor blocking, Consumer<EventView> feed, ReadingStore timeSeries) {
    this.store = store;
    this.blocking = blocking;
    this.feed = feed;
    this.timeSeries = timeSeries;
  }

  @Override
  public void publish(QualityEvent event, MeterRegistration where) {
    publish(event, where == null ? null : where.region(), where == null ? null : where.feeder(),
        where == null ? null : where.dt());
  }

  /** An event of a network asset (a capacity event of a DT or feeder) rather than of a meter. */
  public void publish(QualityEvent event, String region, String feeder, String dt) {
    JdbcQualityEventStore.LocatedEvent located = new JdbcQualityEventStore.LocatedEvent(event, region, feeder, dt);
    CompletableFuture.runAsync(() -> store.upsert(located), writer).whenComplete((v, e) -> {
      MDC.put("meterId", String.valueOf(event.meter()));
      if (e != null) {
        log.error("event {} journaled but not copied to quality_events", event.id(), e);
      } else {
        log.info("{} event {} {}", event.type().code(), event.state(), event.id());
        feed.accept(view(located));
        if (timeSeries != null) {
          timeSeries.writeEvents(List.of(new EventPoint(event, region, feeder, dt))).whenComplete((w, failure) -> {
            if (failure != null) {
              log.warn("event {} not written to the time-series store: {}", event.id(), failure.toString());
            }
          });
        }
      }
      MDC.remove("meterId");
    });
  }

  @Override
  public CompletionStage<List<EventView>> find(String type, String region, String meter, Boolean open, int limit) {
    return CompletableFuture.supplyAsync(() -> store.query(new JdbcQualityEventStore.Filter(type, region, meter, open, limit))
        .stream().map(QualityEvents::view).toList(), blocking);
  }

  private static EventView view(JdbcQualityEventStore.LocatedEvent located) {
    QualityEvent e = located.event();
    org.meterflow.model.quality.Evidence ev = e.evidence();
    return new EventView(e.id(), e.type().code(), e.cause(), e.state(), e.meter(), located.dt(), located.feeder(),
        located.region(), e.raisedAt(), e.clearedAt(), new EventQuery.Evidence(finite(ev.min()), finite(ev.max()), ev.unit(),
        ev.duration() == null ? 0 : ev.duration().toMillis(), ev.samples(), ev.note()));
  }

  private static Double finite(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }

  /** Finishes the queued writes (bounded wait) and stops the writer thread. */
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
