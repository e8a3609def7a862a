package org.meterflow.model.billing.tariff;

/** How energy is priced: telescopic slabs on the month's kWh, or rates by time-of-day window. */
public sealed interface EnergyCharge permits SlabEnergy, TodEnergy {}
