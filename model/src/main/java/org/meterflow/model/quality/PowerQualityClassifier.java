package org.meterflow.model.quality;

import java.util.Objects;

/** Classifies one reading's voltage and frequency against the meter's nominal values. */
public final class PowerQualityClassifier {

  private final long interruptionBelow;
  private final long sagBelow;
  private final long swellAbove;
  private final long underFrom;
  private final long overUpTo;
  private final long freqLow;
  private final long freqHigh;

  public PowerQualityClassifier(QualitySettings s) {
    Objects.requireNonNull(s, "settings");
    interruptionBelow = PerUnit.nano(s.interruptionBelowPu());
    sagBelow = PerUnit.nano(s.sagBelowPu());
    swellAbove = PerUnit.nano(s.swellAbovePu());
    underFrom = PerUnit.nano(s.undervoltageFromPu());
    overUpTo = PerUnit.nano(s.overvoltageUpToPu());
    freqLow = PerUnit.nano(1 - s.frequencyTolerance());
    freqHigh = PerUnit.nano(1 + s.frequencyTolerance());
  }

  public VoltageBand band(double voltage, double nominalVoltage) {
    long pu = PerUnit.nano(voltage, nominalVoltage);
    if (pu < interruptionBelow) {
      return VoltageBand.INTERRUPTION;
    }
    if (pu < sagBelow) {
      return VoltageBand.SAG;
    }
    return pu > swellAbove ? VoltageBand.SWELL : VoltageBand.NORMAL;
  }

  /** True when {@code |f/fn - 1| > tolerance} (the band edges themselves are normal). */
  public boolean frequencyDeviates(double frequency, double nominalFrequency) {
    long pu = PerUnit.nano(frequency, nominalFrequency);
    return pu < freqLow || pu > freqHigh;
  }

  public Classification classify(double voltage, double frequency, double nominalVoltage, double nominalFrequency) {
    long pu = PerUnit.nano(voltage, nominalVoltage);
    VoltageBand band = band(voltage, nominalVoltage);
    boolean under = pu >= underFrom && pu < sagBelow;
    boolean over = pu > swellAbove && pu <= overUpTo;
    boolean freq = band != VoltageBand.INTERRUPTION && frequencyDeviates(frequency, nominalFrequency);
    return new Classification(PerUnit.pu(voltage, nominalVoltage), band, under, over,
        PerUnit.pu(frequency, nominalFrequency), freq);
  }
}
