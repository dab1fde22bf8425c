DROP INDEX users_email_idx;
DROP INDEX IF EXISTS app.orders_ref_idx, app.orders_old_idx;
