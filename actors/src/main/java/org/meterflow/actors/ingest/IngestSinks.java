package org.meterflow.actors.ingest;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.meterflow.model.port.ReadingArchive;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;

/**
 * Where readings go after their meters' verdicts, in the order the ingest tells them:
 * <ol>
 *   <li>{@code live}: each message's newly accepted readings, in message order, at the verdict,
 *       before they are durable (decisions §33). A reading shown here and lost before it is stored
 *       was not acked, so the meter sends it again and it is stored then.
 *   <li>{@code durable}: each batch, new readings and redelivered copies, to the time-series store
 *       and the lake's fsync'd spool side by side; only when both hold it are its messages acked
 *       (decisions §2, §21, §25).
 *   <li>{@code outages}: each batch's new readings once durable, before the ack (the outage
 *       monitor decides from stored readings).
 * </ol>
 * Built by the caller: the ingest knows these by name, not what is behind them.
 */
public record IngestSinks(Consumer<List<AcceptedReading>> live, Durable durable,
    Consumer<List<AcceptedReading>> outages) {

  public IngestSinks {
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(durable, "durable");
    Objects.requireNonNull(outages, "outages");
  }

  /**
   * Where a batch must be before its messages are acked: both hold readings keyed by (serial, ts),
   * so writing a batch again (a retry, a redelivery) is harmless.
   *
   * @param store the time-series store; also probed before the ingest (re)connects (decisions §24)
   * @param lake  the data lake, or {@link ReadingArchive#none()} when the platform keeps none
   */
  public record Durable(ReadingStore store, ReadingArchive lake) {
    public Durable {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(lake, "lake");
    }
  }
}
