package org.meterflow.model.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PowerQualityClassifierTest {

  private final PowerQualityClassifier classifier = new PowerQualityClassifier(QualitySettings.defaults());

  private VoltageBand band(double volts) {
    return classifier.band(volts, 230.0);
  }

  private Classification at(double volts) {
    return classifier.classify(volts, 50.0, 230.0, 50.0);
  }

  @Test
  void interruptionBelowPointOnePuAndPointOneItselfIsASag() {
    assertThat(band(0.0)).isEqualTo(VoltageBand.INTERRUPTION);
    assertThat(band(22.99)).isEqualTo(VoltageBand.INTERRUPTION);
    assertThat(band(23.0)).isEqualTo(VoltageBand.SAG);
  }

  @Test
  void pointNinePuIsNormalJustBelowIsASag() {
    assertThat(band(207.0)).isEqualTo(VoltageBand.NORMAL);
    assertThat(band(206.99)).isEqualTo(VoltageBand.SAG);
    assertThat(band(230.0)).isEqualTo(VoltageBand.NORMAL);
  }

  @Test
  void onePointOnePuIsNormalJustAboveIsASwell() {
    assertThat(band(253.0)).isEqualTo(VoltageBand.NORMAL);
    assertThat(band(253.01)).isEqualTo(VoltageBand.SWELL);
    assertThat(band(414.0)).isEqualTo(VoltageBand.SWELL);
    assertThat(band(450.0)).as("above 1.8 pu still a swell").isEqualTo(VoltageBand.SWELL);
  }

  @Test
  void boundariesHoldForOtherNominals() {
    assertThat(classifier.band(0.9 * 240, 240)).isEqualTo(VoltageBand.NORMAL);
    assertThat(classifier.band(1.1 * 240, 240)).isEqualTo(VoltageBand.NORMAL);
    assertThat(classifier.band(0.9 * 120, 120)).isEqualTo(VoltageBand.NORMAL);
    assertThat(classifier.band(1.1 * 110, 110)).isEqualTo(VoltageBand.NORMAL);
    assertThat(classifier.band(0.1 * 110, 110)).isEqualTo(VoltageBand.SAG);
  }

  @Test
  void sustainedBandsUnderFromPointEightInclusiveToPointNineExclusive() {
    assertThat(at(184.0).undervoltageBand()).isTrue();
    assertThat(at(183.99).undervoltageBand()).isFalse();
    assertThat(at(206.99).undervoltageBand()).isTrue();
    assertThat(at(207.0).undervoltageBand()).isFalse();
  }

  @Test
  void sustainedBandsOverFromOnePointOneExclusiveToOnePointTwoInclusive() {
    assertThat(at(253.0).overvoltageBand()).isFalse();
    assertThat(at(253.01).overvoltageBand()).isTrue();
    assertThat(at(276.0).overvoltageBand()).isTrue();
    assertThat(at(276.01).overvoltageBand()).isFalse();
    assertThat(at(276.01).band()).isEqualTo(VoltageBand.SWELL);
  }

  @Test
  void frequencyBandEdgesAreNormal() {
    assertThat(classifier.frequencyDeviates(49.5, 50)).isFalse();
    assertThat(classifier.frequencyDeviates(50.5, 50)).isFalse();
    assertThat(classifier.frequencyDeviates(49.49, 50)).isTrue();
    assertThat(classifier.frequencyDeviates(50.51, 50)).isTrue();
    assertThat(classifier.frequencyDeviates(59.4, 60)).isFalse();
    assertThat(classifier.frequencyDeviates(60.61, 60)).isTrue();
  }

  @Test
  void frequencyIsNotJudgedDuringAnInterruption() {
    assertThat(classifier.classify(0, 0, 230, 50).frequencyDeviation()).isFalse();
    assertThat(classifier.classify(200, 48, 230, 50).frequencyDeviation()).isTrue();
  }

  @Test
  void perUnitIsQuantisedSoBoundariesAreExact() {
    assertThat(PerUnit.pu(207.0, 230.0)).isEqualTo(0.9);
    assertThat(PerUnit.pu(253.0, 230.0)).isEqualTo(1.1);
    assertThat(at(207.0).voltagePu()).isEqualTo(0.9);
  }
}
