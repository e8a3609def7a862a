package org.meterflow.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatingsCsvTest {

  @Test
  void readsDtsAndFeedersInAnyColumnOrder() {
    RatingsCsv.Parsed p = RatingsCsv.parse("""
        # network of the north circle
        rated_kva,kind,id,region,feeder
        100,dt,DT1,north,F1
        5000,feeder,F1,north,

        250.5,DT,DT2,north,F1
        """);
    assertThat(p.errors()).isEmpty();
    assertThat(p.assets()).containsExactly(
        new RatedAsset(AssetKind.DT, "DT1", "north", "F1", 100),
        new RatedAsset(AssetKind.FEEDER, "F1", "north", "F1", 5000),
        new RatedAsset(AssetKind.DT, "DT2", "north", "F1", 250.5));
  }

  @Test
  void reportsEveryBadLineWithItsNumber() {
    RatingsCsv.Parsed p = RatingsCsv.parse("kind,id,region,feeder,rated_kva\n"
        + "dt,DT1,north,F1,abc\n"
        + "transformer,DT2,north,F1,100\n"
        + "dt,DT3,north,F1,-5\n"
        + "dt,DT4,north\n"
        + "dt,DT5,north,F1,63\n");
    assertThat(p.assets()).extracting(RatedAsset::id).containsExactly("DT5");
    assertThat(p.errors()).extracting(RatingsCsv.LineError::line).containsExactly(2, 3, 4, 5);
    assertThat(p.errors().get(0).message()).contains("rated_kva");
    assertThat(p.errors().get(1).message()).contains("dt or feeder");
    assertThat(p.errors().get(2).message()).contains("positive");
  }

  @Test
  void aFileWithoutTheHeaderIsRefused() {
    assertThat(RatingsCsv.parse("dt,DT1,north,F1,100\n").errors()).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("header"));
    assertThat(RatingsCsv.parse("").errors()).hasSize(1);
  }
}
