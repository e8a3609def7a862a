package org.meterflow.simulator.topology;

/** What kind of consumer a meter serves; decides its load shape and tariff category. */
public enum ConsumerKind {
  HOUSEHOLD("domestic"),
  COMMERCIAL("commercial");

  private final String tariffCategory;

  ConsumerKind(String tariffCategory) {
    this.tariffCategory = tariffCategory;
  }

  public String tariffCategory() {
    return tariffCategory;
  }
}
