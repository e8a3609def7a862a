-- MeterFlow events (power quality, outage, tamper, capacity) in Athena (engine v3) / Trino.
-- The lake writes   s3://<bucket>/<prefix>events/date=YYYY-MM-DD/events.parquet
-- one file per UTC day an event was raised, rewritten when an event of that day changes (a clear),
-- so each event is one row holding its latest state. Replace the S3 locations below.
-- Not run against Athena here (no AWS access); the column types are those DuckDB writes.

CREATE EXTERNAL TABLE IF NOT EXISTS meterflow.events (
  id              string    COMMENT 'event id (stable from raise to clear)',
  event_type      string    COMMENT 'sag, swell, interruption, undervoltage, overvoltage, frequency, outage, area_outage, tamper, capacity',
  cause           string,
  meter           string    COMMENT 'serial; NULL for an area or asset event',
  area            string    COMMENT 'DT/feeder of an area outage or capacity event',
  region          string,
  feeder          string,
  dt              string,
  raised_at       timestamp COMMENT 'UTC',
  cleared_at      timestamp COMMENT 'UTC; NULL while open',
  ev_min          double    COMMENT 'evidence: lowest value (per unit, Hz, …)',
  ev_max          double,
  ev_unit         string,
  ev_duration_ms  bigint,
  ev_samples      bigint,
  ev_note         string
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR-BUCKET/meterflow/events/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2020-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR-BUCKET/meterflow/events/date=${date}/'
);
