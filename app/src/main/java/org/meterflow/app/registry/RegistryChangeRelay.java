package org.meterflow.app.registry;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.Cluster;
import org.meterflow.actors.CborSerializable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every other node of the cluster that a meter or gateway changed in the registry
 * (registered, suspended, revoked, reactivated, decommissioned), so that each node's broker
 * directory admits or refuses it and the node that holds its MQTT session drops it: Pekko
 * distributed pub-sub, one topic. The message names the meter or gateway only; each node reads the
 * current row from the shared registry database, so a late or repeated message cannot undo a newer
 * change.
 */
public final class RegistryChangeRelay implements RegistryBrokerDirectory.Listener {

  private static final Logger log = LoggerFactory.getLogger(RegistryChangeRelay.class);
  static final String TOPIC = "meterflow-registry-changes";

  /** A meter or gateway changed on node {@code origin}. */
  public record RegistryChanged(Kind kind, String id, String origin) implements CborSerializable {}

  public enum Kind { METER, GATEWAY }

  private final ActorRef<Topic.Command<RegistryChanged>> topic;
  private final String self;

  private RegistryChangeRelay(ActorRef<Topic.Command<RegistryChanged>> topic, String self) {
    this.topic = topic;
    this.self = self;
  }

  /**
   * Joins the topic: changes made on other nodes go to {@code meterChanged} / {@code gatewayChanged}
   * (run on {@code blocking}); this node's own changes are announced through {@link #meterChanged}
   * and {@link #gatewayChanged} (the directory's listener).
   */
  public static RegistryChangeRelay start(ActorSystem<?> system, Consumer<String> meterChanged,
      Consumer<String> gatewayChanged, Executor blocking) {
    String self = Cluster.get(system).selfMember().address().toString();
    ActorRef<Topic.Command<RegistryChanged>> topic =
        system.systemActorOf(Topic.create(RegistryChanged.class, TOPIC), "registry-changes-topic",
            org.apache.pekko.actor.typed.Props.empty());
    ActorRef<RegistryChanged> subscriber = system.systemActorOf(
        subscriber(self, meterChanged, gatewayChanged, blocking), "registry-changes-subscriber",
        org.apache.pekko.actor.typed.Props.empty());
    topic.tell(Topic.subscribe(subscriber));
    return new RegistryChangeRelay(topic, self);
  }

  private static Behavior<RegistryChanged> subscriber(String self, Consumer<String> meterChanged,
      Consumer<String> gatewayChanged, Executor blocking) {
    return Behaviors.receiveMessage(change -> {
      if (!change.origin().equals(self)) {
        blocking.execute(() -> {
          try {
            (change.kind() == Kind.METER ? meterChanged : gatewayChanged).accept(change.id());
          } catch (RuntimeException e) {
            log.error("Could not apply the {} change of {} made on {}", change.kind(), change.id(), change.origin(), e);
          }
        });
      }
      return Behaviors.same();
    });
  }

  @Override
  public void meterChanged(String serial) {
    topic.tell(Topic.publish(new RegistryChanged(Kind.METER, serial, self)));
  }

  @Override
  public void gatewayChanged(String id) {
    topic.tell(Topic.publish(new RegistryChanged(Kind.GATEWAY, id, self)));
  }
}
