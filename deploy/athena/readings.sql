-- MeterFlow data lake in Athena (engine v3) or Trino with the Hive connector.
-- The lake writes   s3://<bucket>/<prefix>readings/date=YYYY-MM-DD/part-<segment>-<n>.parquet
-- (meterflow.lake.target = s3, meterflow.lake.s3.{bucket,prefix}); replace the two S3 locations below.
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new days are found as they appear.
-- `date` is a reserved word: backticks in DDL, double quotes in queries ("date" = '2026-11-26').
-- Not run against Athena here (no AWS access); the column types are those DuckDB writes, checked by
-- the lake's tests (TIMESTAMP = Parquet INT64 micros, UTC; DOUBLE; BIGINT; VARCHAR).

CREATE DATABASE IF NOT EXISTS meterflow;

CREATE EXTERNAL TABLE IF NOT EXISTS meterflow.readings_all (
  serial        string    COMMENT 'meter serial (certificate CN)',
  seq           bigint    COMMENT 'the meter''s own sequence number',
  ts            timestamp COMMENT 'when the meter took the reading, UTC',
  import_kwh    double    COMMENT 'cumulative imported energy register, kWh',
  export_kwh    double    COMMENT 'cumulative exported energy register, kWh',
  voltage_v     double    COMMENT 'RMS voltage, V',
  current_a     double    COMMENT 'RMS current, A',
  frequency_hz  double    COMMENT 'frequency, Hz',
  power_factor  double    COMMENT 'power factor; NULL where the meter does not report it',
  received_at   timestamp COMMENT 'when the platform received it, UTC',
  region        string,
  substation    string,
  feeder        string,
  dt            string    COMMENT 'distribution transformer'
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR-BUCKET/meterflow/readings/'
TBLPROPERTIES (
  'projection.enabled'          = 'true',
  'projection.date.type'        = 'date',
  'projection.date.format'      = 'yyyy-MM-dd',
  'projection.date.range'       = '2020-01-01,NOW',
  'projection.date.interval'    = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template'   = 's3://YOUR-BUCKET/meterflow/readings/date=${date}/',
  'parquet.compression'         = 'ZSTD'
);

-- Each reading once: MQTT redelivery after a crash can leave a reading in two files (the lake is
-- at-least-once, keyed by (serial, ts)); the local DuckDB view `readings` does the same.
CREATE OR REPLACE VIEW meterflow.readings AS
SELECT serial, seq, ts, import_kwh, export_kwh, voltage_v, current_a, frequency_hz, power_factor,
       received_at, region, substation, feeder, dt, "date"
FROM (
  SELECT r.*, row_number() OVER (PARTITION BY serial, ts, "date" ORDER BY received_at) AS copy
  FROM meterflow.readings_all r
)
WHERE copy = 1;

-- Example: daily energy per region for one week (partition pruning through "date").
-- SELECT "date", region, sum(delta) AS kwh FROM (
--   SELECT "date", region, import_kwh - lag(import_kwh) OVER (PARTITION BY serial ORDER BY ts) AS delta
--   FROM meterflow.readings WHERE "date" BETWEEN '2026-11-16' AND '2026-11-22')
-- GROUP BY 1, 2 ORDER BY 1, 2;
