package org.meterflow.http.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.meterflow.actors.cluster.ClusterView;
import org.meterflow.actors.ingest.IngestStats;
import org.meterflow.actors.live.Broadcast;
import org.meterflow.actors.live.LiveFeed;
import org.meterflow.model.port.LakeQueries;
import org.meterflow.model.port.ReadingStore;

/**
 * Everything the HTTP API serves, as ports: what {@link ApiRoutes} needs, in one record.
 *
 * @param authenticator who a bearer token belongs to
 * @param tokens        issuing and revoking tokens
 * @param ready         whether {@code /health/ready} says UP
 * @param lake          SQL over the data lake, unless the lake is off
 * @param limits        request size and failed-authentication limits
 * @param cluster       the cluster as this node sees it ({@code GET /api/v1/cluster})
 */
public record ApiServices(
    TokenAuthenticator authenticator,
    TokenManagement tokens,
    BooleanSupplier ready,
    PrometheusMeterRegistry metrics,
    IngestStats ingestStats,
    MeterOnboarding meters,
    GatewayOnboarding gateways,
    ReadingStore readings,
    LiveFeed live,
    EventQuery events,
    Broadcast<EventQuery.EventView> eventFeed,
    ComplianceReports compliance,
    NetworkAdmin network,
    UtilisationQuery utilisation,
    ForecastQuery forecasts,
    BillingApi billing,
    DashboardQueries dashboards,
    Optional<LakeQueries> lake,
    HttpLimits limits,
    ClusterView cluster) {}
