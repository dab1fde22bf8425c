-- pgshift runs this file in one transaction: VALIDATE runs while the ADD's lock is still held.
ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE emails VALIDATE CONSTRAINT fk_user;
