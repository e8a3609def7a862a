package org.meterflow.app;

/**
 * {@link BillingAccessControlTest} with the time series in Debian's InfluxDB 1.6 (integration profile): register
 * boundaries and interval energy are read from InfluxDB, and no QuestDB starts.
 */
@OnInfluxDb
class BillingAccessControlOnInfluxDbIT extends BillingAccessControlTest {}
