-- text and varchar do not pad; the quoted "char" is the one-byte internal type, not char(n).
CREATE TABLE app.codes (code text NOT NULL, label varchar(20), flag "char");
ALTER TABLE app.codes ADD COLUMN region text;
