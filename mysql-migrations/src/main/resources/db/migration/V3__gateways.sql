-- Gateways (data concentrators) publish batches for the meters assigned to them (SPEC §3).
CREATE TABLE gateways (
  id                 VARCHAR(64)  NOT NULL,
  status             VARCHAR(16)  NOT NULL,
  certificate_serial VARCHAR(64),
  registered_at      TIMESTAMP(3) NOT NULL,
  updated_at         TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (id)
);

CREATE TABLE gateway_meters (
  gateway_id VARCHAR(64) NOT NULL,
  serial     VARCHAR(64) NOT NULL,
  PRIMARY KEY (gateway_id, serial)
);

CREATE INDEX idx_gateway_meters_serial ON gateway_meters (serial);
