package org.meterflow.app.analytics;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.meterflow.app.events.QualityEvents;
import org.meterflow.model.capacity.CapacityAlerts;
import org.meterflow.model.capacity.CapacityOutlook;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;
import org.meterflow.model.quality.QualityEvent;
import org.meterflow.mysql.JdbcQualityEventStore;

/**
 * The open {@code capacity} events of all rated assets. They live in {@code quality_events} (their
 * source of truth: no meter entity journals them) and are served with the other events. Used by
 * the forecast runner's single thread only.
 */
final class CapacityEvents {

  private static final int MAX_OPEN = 100_000;

  private final QualityEvents sink;
  private final JdbcQualityEventStore store;
  private final Map<String, QualityEvent> open = new HashMap<>();
  private boolean loaded;

  CapacityEvents(QualityEvents sink, JdbcQualityEventStore store) {
    this.sink = sink;
    this.store = store;
  }

  /** Publishes what the newest outlook changes; returns the events published. */
  List<QualityEvent> apply(RatedAsset asset, CapacityOutlook outlook, Instant now) {
    loadOnce();
    String key = key(asset.kind(), asset.id());
    List<QualityEvent> changes = CapacityAlerts.next(open.get(key), outlook, now);
    for (QualityEvent e : changes) {
      if (e.isOpen()) {
        open.put(key, e);
      } else {
        open.remove(key);
      }
      sink.publish(e, asset.region(), asset.feeder(), asset.kind() == AssetKind.DT ? asset.id() : null);
    }
    return changes;
  }

  /** After a restart: the events still open (a DT event carries its dt, a feeder event none). */
  private void loadOnce() {
    if (loaded) {
      return;
    }
    for (JdbcQualityEventStore.LocatedEvent e : store.query(new JdbcQualityEventStore.Filter("capacity", null, null, true, MAX_OPEN))) {
      AssetKind kind = e.dt() != null ? AssetKind.DT : AssetKind.FEEDER;
      open.putIfAbsent(key(kind, e.event().area()), e.event());
    }
    loaded = true;
  }

  private static String key(AssetKind kind, String id) {
    return kind.code() + ":" + id;
  }
}
