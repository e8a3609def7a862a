package org.meterflow.app;

/**
 * Every billing test (the London households' real-data bills, time of day to the paisa,
 * revisions, reruns) with the time series in Debian's InfluxDB 1.6: register boundaries and
 * interval energy are read from InfluxDB, and no QuestDB starts.
 */
@OnInfluxDb
class BillingOnInfluxDbIT extends BillingTest {}
