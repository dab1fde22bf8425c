-- The NOT VALID add ran in an earlier migration.
ALTER TABLE emails VALIDATE CONSTRAINT fk_user;
ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0) NOT VALID;
