-- Run as written: a statement outside BEGIN ... COMMIT commits on its own, a block is one
-- transaction. Each VALIDATE scans under SHARE UPDATE EXCLUSIVE only.
ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE emails VALIDATE CONSTRAINT fk_user;
BEGIN;
ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0) NOT VALID;
COMMIT;
ALTER TABLE accounts VALIDATE CONSTRAINT positive_balance;
