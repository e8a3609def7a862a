-- Consumers and tariffs as versioned data (SPEC §6, §7). Runs unchanged on MySQL 8, MariaDB 10.11
-- and H2 in MySQL mode: index names unique across the schema, one clause per statement, no JSON.
CREATE TABLE IF NOT EXISTS consumers (
  id                 VARCHAR(64)   NOT NULL,
  name               VARCHAR(200)  NOT NULL,
  address            VARCHAR(400),
  email              VARCHAR(200),
  sanctioned_load_kw DECIMAL(10,3) NOT NULL,
  created_at         TIMESTAMP(3)  NOT NULL,
  PRIMARY KEY (id)
);

-- One row per version of a category's tariff; the version billing a period is the latest
-- effective_from on or before the period's first day.
CREATE TABLE tariffs (
  category        VARCHAR(32)   NOT NULL,
  effective_from  DATE          NOT NULL,
  code            VARCHAR(64)   NOT NULL,
  fixed_per_month DECIMAL(12,2) NOT NULL,
  fixed_per_kw    DECIMAL(12,2) NOT NULL,
  energy_kind     VARCHAR(8)    NOT NULL,
  tod_base_rate   DECIMAL(12,4),
  tod_base_window VARCHAR(32),
  export_rate     DECIMAL(12,4),
  export_netting  VARCHAR(16),
  duty_percent    DECIMAL(7,3)  NOT NULL,
  tax_percent     DECIMAL(7,3)  NOT NULL,
  minimum_charge  DECIMAL(12,2) NOT NULL,
  created_at      TIMESTAMP(3)  NOT NULL,
  PRIMARY KEY (category, effective_from)
);

CREATE UNIQUE INDEX idx_tariffs_code ON tariffs (code);

-- Telescopic slabs of a SLAB tariff in order; up_to_kwh NULL = the last, unbounded slab.
CREATE TABLE tariff_slabs (
  category       VARCHAR(32)   NOT NULL,
  effective_from DATE          NOT NULL,
  slab_no        INT           NOT NULL,
  up_to_kwh      DECIMAL(12,3),
  rate_per_kwh   DECIMAL(12,4) NOT NULL,
  PRIMARY KEY (category, effective_from, slab_no)
);

-- Time-of-day windows of a TOD tariff: [from_hour, to_hour) local, wrapping past midnight.
CREATE TABLE tariff_tod_windows (
  category       VARCHAR(32)  NOT NULL,
  effective_from DATE         NOT NULL,
  window_no      INT          NOT NULL,
  window_name    VARCHAR(32)  NOT NULL,
  from_hour      INT          NOT NULL,
  to_hour        INT          NOT NULL,
  multiplier     DECIMAL(8,4) NOT NULL,
  PRIMARY KEY (category, effective_from, window_no)
);
