package org.meterflow.http.api;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.quality.En50160Result;
import org.meterflow.model.quality.RegionCompliance;

/** EN 50160 weekly compliance of a meter or a region, from the stored readings. */
public interface ComplianceReports {

  /** Empty when the meter is unknown. */
  CompletionStage<Optional<En50160Result>> meter(String serial, Instant weekStart);

  CompletionStage<RegionCompliance> region(String region, Instant weekStart);
}
