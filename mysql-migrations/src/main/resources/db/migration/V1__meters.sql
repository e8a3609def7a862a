-- Meter master data (SPEC §3). Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode:
-- index names are unique across the schema, no generated columns, one clause per ALTER.
CREATE TABLE meters (
  serial             VARCHAR(64)  NOT NULL,
  consumer_id        VARCHAR(64)  NOT NULL,
  tariff_category    VARCHAR(32)  NOT NULL,
  region             VARCHAR(64)  NOT NULL,
  substation         VARCHAR(64)  NOT NULL,
  feeder             VARCHAR(64)  NOT NULL,
  dt                 VARCHAR(64)  NOT NULL,
  nominal_voltage    DOUBLE       NOT NULL,
  nominal_frequency  DOUBLE       NOT NULL,
  cycle_group        INT          NOT NULL,
  net_metered        BOOLEAN      NOT NULL,
  status             VARCHAR(16)  NOT NULL,
  certificate_serial VARCHAR(64),
  registered_at      TIMESTAMP(3) NOT NULL,
  updated_at         TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (serial)
);

CREATE INDEX idx_meters_consumer ON meters (consumer_id);
CREATE INDEX idx_meters_region_feeder_dt ON meters (region, feeder, dt);
