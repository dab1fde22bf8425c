CREATE TABLE emails (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE emails ADD COLUMN owner_id bigint REFERENCES users (id);
