CREATE TABLE events (id bigint PRIMARY KEY, kind text);
CREATE INDEX events_kind_idx ON events (kind);
DROP INDEX events_kind_idx;
CREATE INDEX ON events (id, kind);
ALTER TABLE events RENAME TO events_v2;
DROP INDEX events_id_kind_idx;
