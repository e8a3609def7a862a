package org.meterflow.app;

/**
 * {@link BillingRevisionsAndRerunsTest} with the time series in Debian's InfluxDB 1.6 (integration profile): register
 * boundaries and interval energy are read from InfluxDB, and no QuestDB starts.
 */
@OnInfluxDb
class BillingRevisionsAndRerunsOnInfluxDbIT extends BillingRevisionsAndRerunsTest {}
