-- lint-fixture: standalone
-- Another runner is assumed to wrap the file in a transaction.
ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE emails VALIDATE CONSTRAINT fk_user;
