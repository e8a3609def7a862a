package org.meterflow.app.startup;

/**
 * A start-up step that failed or did not finish in time. Its message is for the operator: the
 * component, the cause, and the setting to change; the CLI prints it without a stack trace.
 */
public final class StartupFailure extends RuntimeException {

  private final String component;
  private final String setting;

  StartupFailure(String component, String cause, String setting, Throwable underlying) {
    super("MeterFlow could not start " + component + ": " + cause + ". Check " + setting + ".", underlying);
    this.component = component;
    this.setting = setting;
  }

  /** What could not start, e.g. "the registry database (jdbc:mariadb://db:3306/meterflow)". */
  public String component() {
    return component;
  }

  /** The setting (option, environment variable, configuration key) to change. */
  public String setting() {
    return setting;
  }
}
