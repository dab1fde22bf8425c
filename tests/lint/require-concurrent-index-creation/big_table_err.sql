-- lint-fixture: rows:events=48000000 bytes:events=5100000000
CREATE INDEX events_kind_idx ON events (kind);
