-- Network master data (SPEC §8): rated capacity of each 11 kV feeder and distribution transformer.
-- kind is 'feeder' or 'dt'; a DT's feeder is the feeder it hangs on, a feeder's feeder is itself.
-- Column names avoid MySQL/H2 keywords (no `level`, `value`); the index name is schema-unique.
CREATE TABLE network_assets (
  kind        VARCHAR(8)   NOT NULL,
  asset_id    VARCHAR(64)  NOT NULL,
  region      VARCHAR(64)  NOT NULL,
  feeder      VARCHAR(64)  NOT NULL,
  rated_kva   DOUBLE       NOT NULL,
  updated_at  TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (kind, asset_id)
);

CREATE INDEX idx_network_assets_region ON network_assets (region, kind);
