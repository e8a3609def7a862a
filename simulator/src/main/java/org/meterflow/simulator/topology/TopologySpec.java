package org.meterflow.simulator.topology;

/**
 * How to lay out a town of meters.
 *
 * @param regions           region names (meters are spread over them in contiguous blocks of feeders)
 * @param metersPerDt       consumers under one distribution transformer
 * @param dtsPerFeeder      DTs on one feeder
 * @param feedersPerSubstation feeders out of one substation
 * @param metersPerGateway  meters one gateway (data concentrator) reports for
 * @param commercialShare   share of commercial consumers (0–1)
 * @param solarShare        share of households with net-metered rooftop solar (0–1)
 * @param serialPrefix      meter serials are prefix + 7 digits; gateways are prefix + "G" + 5 digits
 * @param seed              same seed, same town
 */
public record TopologySpec(
    java.util.List<String> regions,
    int metersPerDt,
    int dtsPerFeeder,
    int feedersPerSubstation,
    int metersPerGateway,
    double commercialShare,
    double solarShare,
    String serialPrefix,
    long seed) {

  public TopologySpec {
    regions = java.util.List.copyOf(regions);
    if (regions.isEmpty() || metersPerDt < 1 || dtsPerFeeder < 1 || feedersPerSubstation < 1 || metersPerGateway < 1
        || commercialShare < 0 || commercialShare > 1 || solarShare < 0 || solarShare > 1) {
      throw new IllegalArgumentException("inconsistent topology: " + regions + ", " + metersPerDt + " meters/DT, "
          + dtsPerFeeder + " DTs/feeder, " + metersPerGateway + " meters/gateway");
    }
  }

  public static final java.util.List<String> DEFAULT_REGIONS = java.util.List.of("north", "south", "east", "west", "central");

  public static TopologySpec defaults(String serialPrefix, long seed) {
    return new TopologySpec(DEFAULT_REGIONS, 50, 10, 8, 50, 0.1, 0.15, serialPrefix, seed);
  }

  public TopologySpec withMetersPerGateway(int n) {
    return new TopologySpec(regions, metersPerDt, dtsPerFeeder, feedersPerSubstation, n, commercialShare, solarShare,
        serialPrefix, seed);
  }
}
