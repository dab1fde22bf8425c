-- lint-fixture: rows:app.events=48000000 bytes:app.events=5100000000
DELETE FROM app.events WHERE created_at < '2020-01-01';
