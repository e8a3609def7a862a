package org.meterflow.app.wiring;

import org.meterflow.app.billing.PlatformBilling;
import org.meterflow.mysql.billing.R2dbcBillingStore;

/**
 * Billing as started by {@link BillingWiring}.
 *
 * @param api   runs, consumers, bills and PDFs, tariffs, historical import (what the HTTP API serves)
 * @param store consumers, tariffs, bills and runs in the registry database
 */
public record Billing(PlatformBilling api, R2dbcBillingStore store) {}
