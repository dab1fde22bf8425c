-- NOT VALID: new rows are checked, existing ones later by VALIDATE (a separate migration).
ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
