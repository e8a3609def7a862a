package org.meterflow.simulator.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * What the simulator plays.
 *
 * @param meters              how many meters
 * @param serialPrefix        serials are prefix + 7 digits (M0000001 …)
 * @param interval            each meter reads this often
 * @param metersPerDt         meters under one distribution transformer
 * @param dtsPerFeeder        DTs on one feeder
 * @param feedersPerRegion    feeders in one region
 * @param zone                the utility's time zone (load shapes follow local time)
 * @param apiBase             MeterFlow's HTTP base URL, for registration
 * @param adminToken          a token allowed to register meters
 * @param brokerUrl           e.g. ssl://localhost:8883
 * @param credentialsDir      where issued credentials are kept so a restarted simulator reconnects
 * @param connectParallelism  registrations and MQTT connects under way at once
 * @param maxInflight         unacknowledged QoS 1 messages per connection
 * @param seed                random seed (same seed, same town)
 */
public record FleetSettings(
    int meters,
    String serialPrefix,
    Duration interval,
    int metersPerDt,
    int dtsPerFeeder,
    int feedersPerRegion,
    ZoneId zone,
    URI apiBase,
    String adminToken,
    String brokerUrl,
    Path credentialsDir,
    int connectParallelism,
    int maxInflight,
    long seed) {

  public static final String[] REGIONS = {"north", "south", "east", "west", "central"};

  public String serial(int index) {
    return String.format("%s%07d", serialPrefix, index + 1);
  }

  public String region(int index) {
    return REGIONS[(index / (metersPerDt * dtsPerFeeder * feedersPerRegion)) % REGIONS.length];
  }

  public String feeder(int index) {
    return region(index) + "-F" + (index / (metersPerDt * dtsPerFeeder) % feedersPerRegion + 1);
  }

  public String dt(int index) {
    return feeder(index) + "-DT" + (index / metersPerDt % dtsPerFeeder + 1);
  }
}
