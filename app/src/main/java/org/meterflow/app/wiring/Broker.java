package org.meterflow.app.wiring;

import java.util.List;
import java.util.Optional;
import org.meterflow.app.registry.BrokerAccess;
import org.meterflow.app.registry.RegistryBrokerDirectory;
import org.meterflow.mqtt.broker.EmbeddedBroker;
import org.meterflow.mysql.JdbcGatewayRegistry;
import org.meterflow.mysql.JdbcMeterRegistry;

/**
 * The MQTT side as started by {@link BrokerWiring}: who may connect and publish, and the broker.
 *
 * @param meters          the registered meters
 * @param gateways        the registered gateways and their meters
 * @param directory       what the broker and the ingest ask at every connect and message
 * @param access          what the registry tells the broker when a status changes (drop, CRL)
 * @param embedded        the embedded broker, unless an external one is configured
 * @param ingestClientIds the client ids the ingest connects with (one per connection)
 * @param port            the TLS port meters dial
 * @param url             the broker URL the ingest dials
 */
public record Broker(JdbcMeterRegistry meters, JdbcGatewayRegistry gateways, RegistryBrokerDirectory directory,
    BrokerAccess access, Optional<EmbeddedBroker> embedded, List<String> ingestClientIds, int port, String url) {}
