package org.meterflow.http.api;

import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.meterflow.actors.live.Broadcast;
import org.meterflow.actors.live.LiveFeed;
import org.meterflow.model.reading.AcceptedReading;

/**
 * {@code GET /api/v1/live?meter={serial}}: a WebSocket pushing each accepted reading of that
 * meter as a JSON text message ({@link ReadingView}). Staff may omit {@code meter} to watch all.
 */
final class LiveRoutes extends RouteSupport {

  private final LiveFeed live;
  private final Broadcast<EventQuery.EventView> events;
  private final MeterRoutes meters;

  LiveRoutes(LiveFeed live, Broadcast<EventQuery.EventView> events, MeterRoutes meters) {
    this.live = live;
    this.events = events;
    this.meters = meters;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/live", RouteCatalog.Access.TOKEN_OR_QUERY,
            (caller, p) -> parameterOptional("meter", meter -> feed(caller, meter)))
        .get("/api/v1/live/events", RouteCatalog.Access.TOKEN_OR_QUERY,
            (caller, p) -> parameterOptional("region", region -> eventFeed(caller, region)));
  }

  /** {@code /api/v1/live/events[?region=]}: power-quality, outage and tamper events as they are raised and cleared (staff). */
  private Route eventFeed(Caller caller, Optional<String> region) {
    if (!caller.isStaff()) {
      return notFound("no such resource");
    }
    Source<EventQuery.EventView, NotUsed> source = events.subscribe()
        .filter(e -> region.isEmpty() || region.get().equals(e.region()));
    return handleWebSocketMessages(Flow.fromSinkAndSourceCoupled(Sink.ignore(),
        source.map(e -> (Message) TextMessage.create(Json.write(e)))));
  }

  private Route feed(Caller caller, Optional<String> meter) {
    if (meter.isPresent()) {
      return meters.withMeter(caller, meter.get(), m -> socket(live.meter(m.serial())));
    }
    if (!caller.isStaff()) {
      return badRequest("meter is required");
    }
    return socket(live.all());
  }

  private Route socket(Source<AcceptedReading, NotUsed> readings) {
    Flow<Message, Message, NotUsed> flow = Flow.fromSinkAndSourceCoupled(
        Sink.ignore(), readings.map(r -> (Message) TextMessage.create(Json.write(ReadingView.of(r)))));
    return handleWebSocketMessages(flow);
  }

  Route notWebSocket() {
    return problem(StatusCodes.BAD_REQUEST, "Bad Request", "expected a WebSocket upgrade");
  }
}
