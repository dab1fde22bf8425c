ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE app.orders ADD FOREIGN KEY (customer_id) REFERENCES app.customers (id);
