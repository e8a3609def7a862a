package org.meterflow.timeseries.influxdb;

/** InfluxDB refused a write or a statement, or answered something this adapter cannot read. */
public class InfluxDbException extends RuntimeException {

  public InfluxDbException(String message) {
    super(message);
  }

  public InfluxDbException(String message, Throwable cause) {
    super(message, cause);
  }
}
