-- A column added with REFERENCES cannot be NOT VALID: the check runs at once.
ALTER TABLE emails ADD COLUMN owner_id bigint REFERENCES users (id);
