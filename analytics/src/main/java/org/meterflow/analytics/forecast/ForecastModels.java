package org.meterflow.analytics.forecast;

import java.util.List;
import java.util.Locale;
import org.meterflow.model.forecast.BlendModel;
import org.meterflow.model.forecast.DoubleSeasonalHoltWinters;
import org.meterflow.model.forecast.ForecastModel;
import org.meterflow.model.forecast.LaggedRegressionModel;

/** The forecast models selectable by name on the command line. */
public final class ForecastModels {

  /** The model MeterFlow forecasts with (see docs/forecasting.md for why). */
  public static final String DEFAULT = "dshw";

  /** Every selectable name. */
  public static final List<String> NAMES = List.of("dshw", "dshw-additive", "regression", "blend");

  private ForecastModels() {}

  /**
   * The model called {@code name}: {@code dshw} (double-seasonal Holt–Winters, the default),
   * {@code dshw-additive} (the same on the load itself, no log), {@code regression} (calendar +
   * lagged load), {@code blend} (the average of dshw and regression).
   */
  public static ForecastModel byName(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "dshw" -> new DoubleSeasonalHoltWinters();
      case "dshw-additive" -> new DoubleSeasonalHoltWinters(new DoubleSeasonalHoltWinters.Config(
          112, 14, 7, 0, null));
      case "regression" -> new LaggedRegressionModel();
      case "blend" -> new BlendModel(List.of(new DoubleSeasonalHoltWinters(), new LaggedRegressionModel()));
      default -> throw new IllegalArgumentException("unknown model '" + name + "'; expected one of " + NAMES);
    };
  }
}
