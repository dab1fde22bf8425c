-- lint-fixture: index:users_email_idx=users rows:users=40 index:events_kind_idx=app.events rows:app.events=48000000 bytes:app.events=5100000000
DROP INDEX users_email_idx;
DROP INDEX events_kind_idx;
