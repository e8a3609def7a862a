-- One row per (cycle day, period) billed: the billing actor catches up every due period after the
-- last COMPLETED one. A rerun of a period overwrites its row.
CREATE TABLE billing_runs (
  cycle_day     INT          NOT NULL,
  period_start  DATE         NOT NULL,
  period_end    DATE         NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  trigger_kind  VARCHAR(16)  NOT NULL,
  meters        INT          NOT NULL,
  issued        INT          NOT NULL,
  revised       INT          NOT NULL,
  unchanged     INT          NOT NULL,
  estimated     INT          NOT NULL,
  failed        INT          NOT NULL,
  started_at    TIMESTAMP(3) NOT NULL,
  finished_at   TIMESTAMP(3),
  message       VARCHAR(500),
  PRIMARY KEY (cycle_day, period_start)
);

-- The shipped example tariffs (docs/billing.md, model ExampleTariffs), illustrative figures.
INSERT INTO tariffs (category, effective_from, code, fixed_per_month, fixed_per_kw, energy_kind, tod_base_rate,
  tod_base_window, export_rate, export_netting, duty_percent, tax_percent, minimum_charge, created_at)
  VALUES ('domestic', '2025-04-01', 'DOM-LT1-2025', 45.00, 20.00, 'SLAB', NULL, NULL, 2.50, 'NET_METERING', 6, 2, 100.00, '2026-01-01 00:00:00');
INSERT INTO tariff_slabs (category, effective_from, slab_no, up_to_kwh, rate_per_kwh) VALUES ('domestic', '2025-04-01', 1, 100, 2.80);
INSERT INTO tariff_slabs (category, effective_from, slab_no, up_to_kwh, rate_per_kwh) VALUES ('domestic', '2025-04-01', 2, 200, 4.20);
INSERT INTO tariff_slabs (category, effective_from, slab_no, up_to_kwh, rate_per_kwh) VALUES ('domestic', '2025-04-01', 3, NULL, 5.75);

INSERT INTO tariffs (category, effective_from, code, fixed_per_month, fixed_per_kw, energy_kind, tod_base_rate,
  tod_base_window, export_rate, export_netting, duty_percent, tax_percent, minimum_charge, created_at)
  VALUES ('domestic', '2026-04-01', 'DOM-LT1-2026', 50.00, 20.00, 'SLAB', NULL, NULL, 2.50, 'NET_METERING', 6, 2, 100.00, '2026-01-01 00:00:00');
INSERT INTO tariff_slabs (category, effective_from, slab_no, up_to_kwh, rate_per_kwh) VALUES ('domestic', '2026-04-01', 1, 100, 3.00);
INSERT INTO tariff_slabs (category, effective_from, slab_no, up_to_kwh, rate_per_kwh) VALUES ('domestic', '2026-04-01', 2, 200, 4.50);
INSERT INTO tariff_slabs (category, effective_from, slab_no, up_to_kwh, rate_per_kwh) VALUES ('domestic', '2026-04-01', 3, NULL, 6.00);

INSERT INTO tariffs (category, effective_from, code, fixed_per_month, fixed_per_kw, energy_kind, tod_base_rate,
  tod_base_window, export_rate, export_netting, duty_percent, tax_percent, minimum_charge, created_at)
  VALUES ('commercial', '2026-04-01', 'COM-TOD-2026', 150.00, 100.00, 'TOD', 7.00, 'normal', 3.00, 'NET_BILLING', 8, 5, 500.00, '2026-01-01 00:00:00');
INSERT INTO tariff_tod_windows (category, effective_from, window_no, window_name, from_hour, to_hour, multiplier) VALUES ('commercial', '2026-04-01', 1, 'off-peak', 22, 6, 0.80);
INSERT INTO tariff_tod_windows (category, effective_from, window_no, window_name, from_hour, to_hour, multiplier) VALUES ('commercial', '2026-04-01', 2, 'normal', 6, 18, 1.00);
INSERT INTO tariff_tod_windows (category, effective_from, window_no, window_name, from_hour, to_hour, multiplier) VALUES ('commercial', '2026-04-01', 3, 'peak', 18, 22, 1.20);
