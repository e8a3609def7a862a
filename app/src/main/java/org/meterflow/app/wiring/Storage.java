package org.meterflow.app.wiring;

import java.util.Optional;
import javax.sql.DataSource;
import org.meterflow.lake.Lake;
import org.meterflow.lake.query.LakeSql;

/**
 * Where the platform keeps things, as started by {@link StorageWiring}.
 *
 * @param registry    the registry database (meters, gateways, tokens, events, network, billing)
 * @param registryUrl its JDBC URL (billing opens its R2DBC connections from the same URL)
 * @param timeSeries  the time-series store and its readers
 * @param lake        the data lake, unless {@code meterflow.lake.enabled = false}
 * @param lakeSql     SQL over the lake
 */
public record Storage(DataSource registry, String registryUrl, TimeSeries timeSeries, Optional<Lake> lake,
    LakeSql lakeSql) {}
