-- lint-fixture: pg-version=110000
REINDEX INDEX users_email_idx;
