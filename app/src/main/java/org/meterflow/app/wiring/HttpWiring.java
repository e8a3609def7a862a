package org.meterflow.app.wiring;

import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.meterflow.actors.ingest.IngestSettings;
import org.meterflow.app.PlatformSettings;
import org.meterflow.app.dashboards.DashboardService;
import org.meterflow.app.reports.En50160Reports;
import org.meterflow.app.registry.GatewayRegistrationService;
import org.meterflow.app.registry.RegistrationService;
import org.meterflow.app.security.ApiTokens;
import org.meterflow.app.startup.StartupSteps;
import org.meterflow.http.api.ApiRoutes;
import org.meterflow.http.api.ApiServices;
import org.meterflow.http.api.HttpLimits;
import org.meterflow.http.server.HttpServer;
import org.meterflow.model.port.LakeQueries;
import org.meterflow.model.quality.En50160Settings;
import org.meterflow.mysql.JdbcTokenRepository;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.SecretHasher;

/**
 * Starts the HTTP API and pages: the registry's services (meters, gateways, tokens) and every other
 * subsystem's ports in one {@link ApiServices}, then binds the server.
 */
public final class HttpWiring {

  /** Certificates issued to meters and gateways at registration. */
  private static final Duration DEVICE_CERTIFICATE_VALIDITY = Duration.ofDays(10 * 365);

  private HttpWiring() {}

  public static Http start(Config config, PlatformSettings settings, IngestSettings ingestSettings, String adminToken,
      CertificateAuthority ca, Storage storage, Meters meters, Broker broker, Ingest ingest, Billing billing,
      Analytics analytics, BooleanSupplier ready, ActorSystem<Void> system, StartupSteps steps, Executor blocking,
      Clock clock) {
    RegistrationService onboarding = new RegistrationService(broker.meters(), ca, ClusterSharding.get(system),
        broker.directory(), blocking, DEVICE_CERTIFICATE_VALIDITY, ingestSettings.askTimeout(), clock, broker.access(),
        meters.outages());
    GatewayRegistrationService gateways = new GatewayRegistrationService(broker.gateways(), broker.meters(), ca,
        broker.directory(), blocking, DEVICE_CERTIFICATE_VALIDITY, clock, broker.access());
    ApiTokens tokens = new ApiTokens(new JdbcTokenRepository(storage.registry()), SecretHasher.owaspMinimum(),
        adminToken, blocking, clock, Duration.ofMinutes(1));
    ApiServices services = new ApiServices(tokens, tokens, ready, ingest.metrics(), ingest.stats(), onboarding, gateways,
        storage.timeSeries().readings(), ingest.live(), meters.events(), meters.eventFeed(),
        new En50160Reports(broker.meters(), storage.timeSeries().readings(), blocking, En50160Settings.defaults()),
        analytics.network(), analytics.utilisation(), analytics.forecasts(), billing.api(),
        new DashboardService(storage.registry(), storage.timeSeries().readings(), billing.store(), settings.zone(),
            blocking, clock),
        storage.lake().map(lake -> (LakeQueries) storage.lakeSql()),
        HttpLimits.fromConfig(config.getConfig("meterflow.http.limits")),
        org.meterflow.actors.cluster.ClusterView.start(system, config));
    ApiRoutes routes = new ApiRoutes(services);
    PlatformSettings.Http http = settings.http();
    InetSocketAddress address = steps.run("the HTTP server on " + http.host() + ":" + http.port(),
        "--http-port / METERFLOW_HTTP_PORT, METERFLOW_HTTP_HOST (meterflow.http)",
        () -> HttpServer.start(system, http.host(), http.port(), routes.route(), http.shutdownDeadline())
            .toCompletableFuture().join());
    return new Http(address, routes.operations());
  }
}
