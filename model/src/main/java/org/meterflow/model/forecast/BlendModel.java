package org.meterflow.model.forecast;

import java.util.List;

/** The equal-weight average of several models' point forecasts (a forecast combination). */
public final class BlendModel implements ForecastModel {

  private final List<ForecastModel> members;

  public BlendModel(List<ForecastModel> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a blend needs at least one model");
    }
    this.members = List.copyOf(members);
  }

  @Override
  public String name() {
    return "blend";
  }

  @Override
  public Forecaster newForecaster() {
    List<Forecaster> forecasters = members.stream().map(ForecastModel::newForecaster).toList();
    return (history, steps) -> {
      double[] out = new double[steps];
      for (Forecaster f : forecasters) {
        double[] x = f.forecast(history, steps);
        for (int k = 0; k < steps; k++) {
          out[k] += x[k] / forecasters.size();
        }
      }
      return out;
    };
  }
}
