-- When each event row was last written (raised or cleared), so the lake's event export can find
-- what changed since its last run: raised_at is the reading's time, which may be long past.
ALTER TABLE quality_events ADD COLUMN updated_at TIMESTAMP(3) NULL;
UPDATE quality_events SET updated_at = COALESCE(cleared_at, raised_at);
CREATE INDEX idx_quality_events_updated ON quality_events (updated_at);
