package org.meterflow.actors.ingest;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code meterflow.ingest.hand-over} block: with the embedded broker, readings are handed to
 * the ingest inside the broker and acknowledged once stored (decisions §25).
 *
 * @param enabled    false: the ingest subscribes over MQTT, as with an external broker
 * @param bufferSize messages waiting for the meter entities at most; more are refused (sent again)
 * @param timeout    a message not stored within this is refused by the broker (sent again)
 */
public record HandOverSettings(boolean enabled, int bufferSize, Duration timeout) {

  public HandOverSettings {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("meterflow.ingest.hand-over.buffer-size must be positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("meterflow.ingest.hand-over.timeout must be positive");
    }
  }

  public static HandOverSettings fromConfig(Config c) {
    return new HandOverSettings(c.getBoolean("enabled"), c.getInt("buffer-size"), c.getDuration("timeout"));
  }
}
