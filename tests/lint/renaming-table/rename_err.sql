ALTER TABLE users RENAME TO accounts;
ALTER TABLE IF EXISTS app.orders RENAME TO purchases;
