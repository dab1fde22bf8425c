-- The handbook pattern: add NOT VALID in one transaction, validate in the next. pgshift runs
-- the blocks as written.
BEGIN;
ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE emails VALIDATE CONSTRAINT fk_user;
COMMIT;
