-- pgshift:lint-ignore adding-foreign-key-constraint
ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);
