-- lint-fixture: standalone
ALTER TABLE app.users ADD COLUMN nickname text;
ALTER TABLE app.users ADD COLUMN other text;
CREATE INDEX users_nickname_idx ON app.users (nickname);
ALTER TABLE app.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES app.users (id) NOT VALID;
