CREATE TABLE events (id bigint PRIMARY KEY, kind text);
CREATE INDEX events_kind_idx ON events (kind);
