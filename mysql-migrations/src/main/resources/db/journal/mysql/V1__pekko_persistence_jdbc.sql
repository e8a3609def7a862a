-- The Pekko journal's tables on MySQL 8 and MariaDB 10.11: pekko-persistence-jdbc 1.1.1's
-- schema/mysql/mysql-create-schema.sql (the plugin ships no durable-state table for MySQL; MeterFlow
-- uses none). One change: the unique index on ordering is declared inside CREATE TABLE instead of by
-- a separate CREATE UNIQUE INDEX, which MySQL 8 cannot make conditional (it has no IF NOT EXISTS for
-- indexes). The result is the same table with the same two unique keys, and the script runs over the
-- tables an earlier MeterFlow made with the plugin's SchemaUtils without touching them or their events.
-- MySQL and MariaDB warn (1831) that this index duplicates the unique key SERIAL already makes; the
-- plugin's script has the same pair, kept here so that new tables match those SchemaUtils made.
CREATE TABLE IF NOT EXISTS event_journal(
    ordering SERIAL,
    deleted BOOLEAN DEFAULT false NOT NULL,
    persistence_id VARCHAR(255) NOT NULL,
    sequence_number BIGINT NOT NULL,
    writer TEXT NOT NULL,
    write_timestamp BIGINT NOT NULL,
    adapter_manifest TEXT NOT NULL,
    event_payload BLOB NOT NULL,
    event_ser_id INTEGER NOT NULL,
    event_ser_manifest TEXT NOT NULL,
    meta_payload BLOB,
    meta_ser_id INTEGER,meta_ser_manifest TEXT,
    PRIMARY KEY(persistence_id,sequence_number),
    UNIQUE INDEX event_journal_ordering_idx (ordering)
);

CREATE TABLE IF NOT EXISTS event_tag (
    event_id BIGINT UNSIGNED NOT NULL,
    tag VARCHAR(255) NOT NULL,
    PRIMARY KEY(event_id, tag),
    FOREIGN KEY (event_id)
        REFERENCES event_journal(ordering)
        ON DELETE CASCADE
    );

CREATE TABLE IF NOT EXISTS snapshot (
    persistence_id VARCHAR(255) NOT NULL,
    sequence_number BIGINT NOT NULL,
    created BIGINT NOT NULL,
    snapshot_ser_id INTEGER NOT NULL,
    snapshot_ser_manifest TEXT NOT NULL,
    snapshot_payload BLOB NOT NULL,
    meta_ser_id INTEGER,
    meta_ser_manifest TEXT,
    meta_payload BLOB,
  PRIMARY KEY (persistence_id, sequence_number));
