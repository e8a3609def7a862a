package org.meterflow.analytics.series;

import java.nio.file.Path;

/** Where the shared real datasets are: the {@code meterflow.datasets} property set by surefire. */
public final class Datasets {

  private Datasets() {}

  public static Path root() {
    String configured = System.getProperty("meterflow.datasets");
    return Path.of(configured != null && !configured.isBlank() ? configured : "/work/shared/datasets");
  }

  public static Path taylor() {
    return root().resolve("taylor_england_wales_demand/taylor_half_hourly_demand_MW.csv");
  }

  public static Path london(String household) {
    return root().resolve("london_smart_meters_2013/" + household + ".csv");
  }
}
