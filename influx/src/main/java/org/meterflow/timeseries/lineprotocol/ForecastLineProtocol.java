package org.meterflow.timeseries.lineprotocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.meterflow.model.forecast.DayAheadForecast;

/**
 * Renders a day-ahead forecast as line protocol, one line per interval, for QuestDB
 * ({@code QuestDbForecastStore}) and InfluxDB ({@code InfluxDbForecastStore}) alike. Write with
 * precision {@code ms}:
 *
 * <pre>
 * forecasts,level=region,id=north,quantity=kw point=412.5,lo80=380.1,hi80=441.0,lo95=361.7,hi95=470.2,issued_at_ms=1795688100000i 1795710600000
 * </pre>
 *
 * Both stores key a point by (series tags, timestamp), so writing a newer run replaces the older
 * run's intervals one by one. Intervals whose point forecast is not finite are left out (the
 * stored interval of an earlier run, if any, stays); a bound that is not finite is stored as the
 * point forecast.
 */
public final class ForecastLineProtocol {

  /** The measurement (QuestDB: the table) forecasts go to. */
  public static final String MEASUREMENT = "forecasts";

  /** Series names safe in line protocol tags and in query literals without escaping. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  private ForecastLineProtocol() {}

  /** The lines of one forecast, oldest interval first; {@link IllegalArgumentException} for a bad name. */
  public static List<String> lines(String level, String id, String quantity, DayAheadForecast f, Instant issuedAt) {
    String series = MEASUREMENT + ",level=" + name(level) + ",id=" + name(id) + ",quantity=" + name(quantity) + " ";
    double[] point = f.point();
    double[] lo80 = f.lower80();
    double[] hi80 = f.upper80();
    double[] lo95 = f.lower95();
    double[] hi95 = f.upper95();
    List<String> lines = new ArrayList<>(point.length);
    for (int i = 0; i < point.length; i++) {
      if (!Double.isFinite(point[i])) {
        continue;
      }
      lines.add(series + "point=" + ReadingLineProtocol.plainDecimal(point[i])
          + ",lo80=" + finite(lo80[i], point[i]) + ",hi80=" + finite(hi80[i], point[i])
          + ",lo95=" + finite(lo95[i], point[i]) + ",hi95=" + finite(hi95[i], point[i])
          + ",issued_at_ms=" + issuedAt.toEpochMilli() + "i " + f.instant(i).toEpochMilli());
    }
    return lines;
  }

  /** {@code value} if it is a valid series name, else {@link IllegalArgumentException}. */
  public static String name(String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid series name '" + value + "' (expected " + NAME.pattern() + ")");
    }
    return value;
  }

  private static String finite(double v, double fallback) {
    return ReadingLineProtocol.plainDecimal(Double.isFinite(v) ? v : fallback);
  }
}
