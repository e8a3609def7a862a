package org.meterflow.mqtt.broker;

import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.MqttActivity;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.Retain;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.SharedSubscription;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.util.List;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient;

/**
 * The topic permissions of each kind of client (HiveMQ default permissions; anything not listed
 * is denied):
 * <ul>
 *   <li>METER: publish to {@code meters/{id}/#}, not retained;
 *   <li>GATEWAY: publish to {@code gateways/{id}/#}, not retained;
 *   <li>SERVICE: subscribe to {@code meters/#} and {@code gateways/#}, plain or shared
 *       ({@code $share/<any group>/meters/+/readings}).
 * </ul>
 * Retained publishes are refused: one retained reading per meter would make the broker hold a
 * message per meter for ever (millions), and readings are not state.
 */
final class ClientPermissions {

  private ClientPermissions() {
  }

  static List<TopicPermission> of(BrokerClient client) {
    return switch (client.kind()) {
      case METER -> List.of(publish("meters/" + client.clientId() + "/#"));
      case GATEWAY -> List.of(publish("gateways/" + client.clientId() + "/#"));
      case SERVICE -> List.of(subscribe("meters/#"), subscribe("gateways/#"));
    };
  }

  /**
   * True when {@code clientId} can be put in a topic filter as one literal level: not empty and
   * free of {@code /}, {@code +}, {@code #} (a CN of "+" would otherwise grant {@code meters/+/#})
   * and of control characters.
   */
  static boolean isSafeTopicLevel(String clientId) {
    if (clientId == null || clientId.isEmpty()) {
      return false;
    }
    for (int i = 0; i < clientId.length(); i++) {
      char c = clientId.charAt(i);
      if (c == '/' || c == '+' || c == '#' || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  private static TopicPermission publish(String filter) {
    return Builders.topicPermission()
        .topicFilter(filter)
        .activity(MqttActivity.PUBLISH)
        .retain(Retain.NOT_RETAINED)
        .build();
  }

  private static TopicPermission subscribe(String filter) {
    return Builders.topicPermission()
        .topicFilter(filter)
        .activity(MqttActivity.SUBSCRIBE)
        .sharedSubscription(SharedSubscription.ALL) // plain and $share/<group>/...
        .sharedGroup("#") // "#" = any share group
        .build();
  }
}
