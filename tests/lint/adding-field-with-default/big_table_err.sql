-- lint-fixture: rows:events=48000000 bytes:events=5100000000
ALTER TABLE events ADD COLUMN id2 uuid DEFAULT gen_random_uuid();
