-- lint-fixture: pg-version=190000 rows:app.events=250
VACUUM FULL app.events;
