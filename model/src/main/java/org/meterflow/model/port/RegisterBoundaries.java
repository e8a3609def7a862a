package org.meterflow.model.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The registers of many meters around one instant (a billing period boundary), read from the
 * time-series store in bulk: a billing run asks once per boundary, not once per meter.
 */
public interface RegisterBoundaries {

  /**
   * For every meter with a reading in {@code (boundary − lookback, boundary + lookahead]}: its last
   * reading at or before {@code boundary} and its first reading after it (either may be absent).
   */
  CompletionStage<Map<String, Bracket>> around(Instant boundary, Duration lookback, Duration lookahead);

  /** Both registers of one reading. */
  record Register(Instant ts, double importKwh, double exportKwh) {}

  /** The readings bracketing the boundary; {@code null} where there is none in the window. */
  record Bracket(Register before, Register after) {}
}
