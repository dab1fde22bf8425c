-- lint-fixture: rows:app.measurements=48000000 bytes:app.measurements=5100000000
ALTER TABLE app.measurements DETACH PARTITION app.measurements_2020;
