REINDEX INDEX users_email_idx;
REINDEX TABLE app.orders;
REINDEX SCHEMA app;
