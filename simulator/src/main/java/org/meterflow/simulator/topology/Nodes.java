package org.meterflow.simulator.topology;

/** The network elements of a simulated town. */
public final class Nodes {

  private Nodes() {}

  /** A feeder out of a substation; its meters share its voltage noise. */
  public record Feeder(String id, String region, String substation, long seed) {}

  /** A distribution transformer with its nameplate rating. */
  public record Dt(String id, Feeder feeder, double ratedKva, int firstMeter, int meterCount) {}

  /**
   * A meter at its place in the network.
   *
   * @param index      position in the town (0-based)
   * @param solarKwp   rooftop PV peak kW for a net-metered consumer, 0 otherwise
   * @param gateway    the data concentrator that reports it in gateway mode
   */
  public record Meter(int index, String serial, String consumerId, ConsumerKind kind, double solarKwp, Dt dt,
      String gateway) {

    public boolean netMetered() {
      return solarKwp > 0;
    }

    public String feeder() {
      return dt.feeder().id();
    }

    public String region() {
      return dt.feeder().region();
    }
  }
}
