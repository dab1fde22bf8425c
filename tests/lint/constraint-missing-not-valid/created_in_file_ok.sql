CREATE TABLE foo (id bigint PRIMARY KEY, age int NOT NULL);
ALTER TABLE foo ADD CONSTRAINT age_restriction CHECK (age >= 25);
-- UNIQUE and PRIMARY KEY cannot be NOT VALID: other rules.
ALTER TABLE emails ADD CONSTRAINT email_uniq UNIQUE USING INDEX email_idx;
ALTER TABLE emails ADD CONSTRAINT email_key UNIQUE (email);
