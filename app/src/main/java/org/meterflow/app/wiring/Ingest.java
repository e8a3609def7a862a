package org.meterflow.app.wiring;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.meterflow.actors.ingest.IngestStats;
import org.meterflow.actors.ingest.IngestStream;
import org.meterflow.actors.live.LiveFeed;

/**
 * The ingest as started by {@link IngestWiring}.
 *
 * @param stream  broker → meter entities → live feed, time series and lake → ack
 * @param done    completes when the stream has drained after {@link IngestStream#shutdown()}
 * @param enabled whether it runs at all ({@code meterflow.ingest.enabled})
 * @param stats   accepted, duplicates, rejections by reason
 * @param live    accepted readings pushed to WebSocket subscribers
 * @param metrics the Prometheus registry behind {@code /metrics}
 */
public record Ingest(IngestStream stream, CompletableFuture<Done> done, boolean enabled, IngestStats stats,
    LiveFeed live, PrometheusMeterRegistry metrics) {}
