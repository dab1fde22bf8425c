DROP TABLE users;
DROP TABLE IF EXISTS app.orders, audit CASCADE;
