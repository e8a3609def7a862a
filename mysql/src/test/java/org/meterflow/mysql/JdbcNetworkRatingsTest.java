package org.meterflow.mysql;

import org.meterflow.migrations.Migrations;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;

/** Ratings on H2 in MySQL mode, migrated by Flyway as the platform does it (V6 network_assets). */
class JdbcNetworkRatingsTest {

  @TempDir
  Path dir;

  private JdbcConnectionPool pool;
  private JdbcNetworkRatings ratings;

  @BeforeEach
  void migrate() {
    pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db") + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR", "sa", "");
    Migrations.apply(pool);
    ratings = new JdbcNetworkRatings(pool, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    pool.dispose();
  }

  @Test
  void upsertsFindsAndListsByKindAndRegion() {
    assertThat(ratings.upsert(new RatedAsset(AssetKind.DT, "DT2", "north", "F1", 100))).isTrue();
    assertThat(ratings.upsert(new RatedAsset(AssetKind.DT, "DT1", "north", "F1", 250))).isTrue();
    assertThat(ratings.upsert(new RatedAsset(AssetKind.FEEDER, "F1", "north", null, 5000))).isTrue();
    assertThat(ratings.upsert(new RatedAsset(AssetKind.DT, "DT9", "south", "F9", 63))).isTrue();
    // Re-rating (transformer replaced): same row, new value.
    assertThat(ratings.upsert(new RatedAsset(AssetKind.DT, "DT2", "north", "F1", 160))).isFalse();

    assertThat(ratings.find(AssetKind.DT, "DT2")).hasValue(new RatedAsset(AssetKind.DT, "DT2", "north", "F1", 160));
    assertThat(ratings.find(AssetKind.FEEDER, "DT2")).isEmpty();
    assertThat(ratings.list(AssetKind.DT, "north")).extracting(RatedAsset::id).containsExactly("DT1", "DT2");
    assertThat(ratings.list(null, "north")).extracting(RatedAsset::id).containsExactly("DT1", "DT2", "F1");
    assertThat(ratings.list(AssetKind.FEEDER, null)).singleElement().extracting(RatedAsset::ratedKva).isEqualTo(5000.0);
    assertThat(ratings.list(null, null)).hasSize(4);
    assertThat(ratings.regions()).containsExactly("north", "south");
    assertThat(ratings.feeders("north")).containsExactly("F1");
    assertThat(ratings.feeders("east")).isEmpty();
    // A metered feeder without a rating is still a feeder of its region (forecast, not rated).
    new JdbcMeterRegistry(pool).add(new RegisteredMeter(new MeterRegistration("M1", "C1", "domestic", "east", "SS1", "F7",
        "DT70", 230, 50, 1, false), MeterStatus.ACTIVE, null, Instant.parse("2026-11-26T00:00:00Z")));
    assertThat(ratings.regions()).containsExactly("east", "north", "south");
    assertThat(ratings.feeders("east")).containsExactly("F7");
  }
}
