package org.meterflow.app.wiring;

import org.meterflow.actors.live.Broadcast;
import org.meterflow.actors.meter.MeterEntitySettings;
import org.meterflow.actors.outage.OutageMonitor;
import org.meterflow.app.events.QualityEvents;
import org.meterflow.http.api.EventQuery;
import org.meterflow.mysql.JdbcQualityEventStore;

/**
 * The meters and their events, as started by {@link MetersWiring}: the sharded meter entities
 * (journalled), the power-quality/outage/tamper events they raise, and the outage monitor.
 *
 * @param events    events raised and cleared: stored, published live, and written to the time series
 * @param eventStore the events table
 * @param eventFeed events pushed live to WebSocket subscribers
 * @param outages   silent meters and areas
 * @param settings  the entities' settings (validation limits, quality, tamper, outage rules)
 */
public record Meters(QualityEvents events, JdbcQualityEventStore eventStore, Broadcast<EventQuery.EventView> eventFeed,
    OutageMonitor outages, MeterEntitySettings settings) {}
