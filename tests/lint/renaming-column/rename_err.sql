ALTER TABLE users RENAME COLUMN name TO full_name;
ALTER TABLE app.orders RENAME note TO comment;
