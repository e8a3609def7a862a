package org.meterflow.app.wiring;

import java.net.InetSocketAddress;
import java.util.List;
import org.meterflow.http.api.RouteCatalog;

/**
 * The HTTP server as started by {@link HttpWiring}.
 *
 * @param address    where it is bound
 * @param operations every route it answers, as declared (what {@code openapi.yaml} describes)
 */
public record Http(InetSocketAddress address, List<RouteCatalog.Operation> operations) {}
