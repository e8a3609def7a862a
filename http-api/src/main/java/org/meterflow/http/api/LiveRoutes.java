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
import org.meterflow.actors.live.LiveFeed;
import org.meterflow.model.reading.AcceptedReading;

/**
 * {@code GET /api/v1/live?meter={serial}}: a WebSocket pushing each accepted reading of that
 * meter as a JSON text message ({@link ReadingView}). Staff may omit {@code meter} to watch all.
 */
final class LiveRoutes extends RouteSupport {

  private final LiveFeed live;
  private final MeterRoutes meters;

  LiveRoutes(LiveFeed live, MeterRoutes meters) {
    this.live = live;
    this.meters = meters;
  }

  Route routes(Caller caller) {
    return pathEnd(() -> get(() -> parameterOptional("meter", meter -> feed(caller, meter))));
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
