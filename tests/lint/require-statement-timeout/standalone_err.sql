-- lint-fixture: standalone
-- Another runner bounds neither the wait nor the work: any traffic-blocking statement counts.
ALTER TABLE app.users ADD COLUMN nickname text;
