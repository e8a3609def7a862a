package org.meterflow.http.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the routes and unbinds them through CoordinatedShutdown (routes live apart, in {@code api}). */
public final class HttpServer {

  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  private HttpServer() {}

  /** Binds {@code route} on host:port (port 0 picks a free one); the stage yields the bound address. */
  public static CompletionStage<InetSocketAddress> start(ActorSystem<?> system, String host, int port, Route route,
      Duration hardTerminationDeadline) {
    return Http.get(system).newServerAt(host, port).bind(route)
        .thenApply(binding -> binding.addToCoordinatedShutdown(hardTerminationDeadline, system))
        .thenApply(ServerBinding::localAddress)
        .whenComplete((address, failure) -> {
          if (failure != null) {
            log.error("HTTP server could not bind {}:{}", host, port, failure);
          } else {
            log.info("HTTP server listening on http://{}:{}/", address.getHostString(), address.getPort());
          }
        });
  }
}
