package org.meterflow.simulator.engine;

import java.util.concurrent.CompletableFuture;

/** One sender's way to the platform (a gateway's or a meter's MQTT session, or a null sink). */
public interface Link extends AutoCloseable {

  String clientId();

  CompletableFuture<Void> connect();

  /** Queues a message; never blocks (store and forward while disconnected). */
  void send(Outgoing message);

  boolean connected();

  /** Messages queued or in flight. */
  int backlog();

  @Override
  void close();

  /** Acknowledges everything at once: measures what the simulator alone can produce. */
  final class Null implements Link {
    private final String id;
    private final RunCounters counters;

    public Null(String id, RunCounters counters) {
      this.id = id;
      this.counters = counters;
    }

    @Override
    public String clientId() {
      return id;
    }

    @Override
    public CompletableFuture<Void> connect() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void send(Outgoing message) {
      counters.sent(message);
      counters.acked(message);
    }

    @Override
    public boolean connected() {
      return true;
    }

    @Override
    public int backlog() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
