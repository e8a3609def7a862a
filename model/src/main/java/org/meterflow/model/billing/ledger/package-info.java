/**
 * What billing stores: meters to bill, issued bills and their revisions, the monthly rollup and
 * the record of runs. The {@link org.meterflow.model.port.BillingStore} port reads and writes them.
 */
package org.meterflow.model.billing.ledger;
