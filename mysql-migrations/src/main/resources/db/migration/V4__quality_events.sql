-- Power-quality, outage and tamper events (SPEC §5, §12), a queryable copy of what the meter
-- entities journal. Upserted by id: raised, then updated when cleared.
CREATE TABLE quality_events (
  id          VARCHAR(160) NOT NULL,
  event_type  VARCHAR(24)  NOT NULL,
  cause       VARCHAR(40),
  meter       VARCHAR(64),
  area        VARCHAR(64),
  region      VARCHAR(64),
  feeder      VARCHAR(64),
  dt          VARCHAR(64),
  raised_at   TIMESTAMP(3) NOT NULL,
  cleared_at  TIMESTAMP(3),
  ev_min      DOUBLE,
  ev_max      DOUBLE,
  ev_unit     VARCHAR(16),
  ev_duration_ms BIGINT,
  ev_samples  BIGINT,
  ev_note     VARCHAR(255),
  PRIMARY KEY (id)
);

CREATE INDEX idx_quality_events_region ON quality_events (region, raised_at);
CREATE INDEX idx_quality_events_meter ON quality_events (meter, raised_at);
CREATE INDEX idx_quality_events_open ON quality_events (cleared_at, raised_at);
