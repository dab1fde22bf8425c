TRUNCATE users;
TRUNCATE app.orders, app.order_lines RESTRICT;
