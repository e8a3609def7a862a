package org.meterflow.app.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.meterflow.http.api.ComplianceReports;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.MeterRegistry;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.quality.En50160Result;
import org.meterflow.model.quality.En50160Settings;
import org.meterflow.model.quality.En50160Week;
import org.meterflow.model.quality.MeterProfile;
import org.meterflow.model.quality.RegionCompliance;
import org.meterflow.model.reading.ReadingPoint;

/**
 * EN 50160 weekly compliance from the time-series store: the store's 10-minute aggregation gives
 * the 10-min mean voltage and frequency directly, which {@link En50160Week} judges against the
 * meter's nominal values. A region is its meters' results pooled (one store query per meter).
 */
public final class En50160Reports implements ComplianceReports {

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private final MeterRegistry registry;
  private final ReadingStore store;
  private final Executor blocking;
  private final En50160Settings settings;

  public En50160Reports(MeterRegistry registry, ReadingStore store, Executor blocking, En50160Settings settings) {
    this.registry = registry;
    this.store = store;
    this.blocking = blocking;
    this.settings = settings;
  }

  @Override
  public CompletionStage<Optional<En50160Result>> meter(String serial, Instant weekStart) {
    return CompletableFuture.supplyAsync(() -> registry.find(serial), blocking)
        .thenCompose(meter -> meter.isEmpty()
            ? CompletableFuture.completedFuture(Optional.empty())
            : week(meter.get(), weekStart).thenApply(Optional::of));
  }

  @Override
  public CompletionStage<RegionCompliance> region(String region, Instant weekStart) {
    return CompletableFuture.supplyAsync(() -> metersOf(region), blocking).thenCompose(meters -> {
      CompletableFuture<List<En50160Result>> all = CompletableFuture.completedFuture(new ArrayList<>());
      for (RegisteredMeter m : meters) {
        all = all.thenCompose(list -> week(m, weekStart).thenApply(r -> {
          list.add(r);
          return list;
        }));
      }
      return all.thenApply(results -> RegionCompliance.of(region, weekStart, results));
    });
  }

  private CompletableFuture<En50160Result> week(RegisteredMeter meter, Instant weekStart) {
    return store.range(meter.serial(), weekStart, weekStart.plus(Duration.ofDays(7)), TEN_MINUTES)
        .toCompletableFuture()
        .thenApply(points -> {
          En50160Week week = new En50160Week(MeterProfile.of(meter.registration()), weekStart, settings);
          for (ReadingPoint p : points) {
            week.add(p.ts(), p.voltage(), p.frequency());
          }
          return week.result();
        });
  }

  private List<RegisteredMeter> metersOf(String region) {
    List<RegisteredMeter> out = new ArrayList<>();
    int page = 10_000;
    for (int offset = 0; ; offset += page) {
      List<RegisteredMeter> batch = registry.list(offset, page);
      batch.stream().filter(m -> m.registration().region().equals(region)).forEach(out::add);
      if (batch.size() < page) {
        return out;
      }
    }
  }
}
