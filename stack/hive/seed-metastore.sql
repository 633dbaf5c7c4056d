-- The Hive metastore's own small database (shared by Livy's sessions and the Thrift server), so
-- the side panel's catalog and SQL completion have a Spark source to show beside Glue and Aurora.
-- Run by stack/run through beeline when the Thrift server starts; every statement may run again.
CREATE DATABASE IF NOT EXISTS silver COMMENT 'Cleaned events, ready for analysts';

CREATE TABLE IF NOT EXISTS silver.events
USING parquet
PARTITIONED BY (day)
COMMENT 'One row per request, from the bronze access logs'
AS SELECT * FROM VALUES
  (1L, 'ok', TIMESTAMP '2026-01-15 08:00:01', DATE '2026-01-15'),
  (2L, 'not_found', TIMESTAMP '2026-01-15 08:00:07', DATE '2026-01-15'),
  (3L, 'ok', TIMESTAMP '2026-01-16 09:12:44', DATE '2026-01-16')
  AS rows(event_id, status, started_at, day);

CREATE TABLE IF NOT EXISTS silver.sessions
USING parquet
AS SELECT * FROM VALUES
  ('s-1', 2L, TIMESTAMP '2026-01-15 08:00:01'),
  ('s-2', 1L, TIMESTAMP '2026-01-16 09:12:44')
  AS rows(session_id, requests, first_seen);

CREATE VIEW IF NOT EXISTS silver.failed_events AS
SELECT event_id, started_at FROM silver.events WHERE status <> 'ok';
