-- A NOT VALID check proves nothing; a check on another column or table proves nothing here.
ALTER TABLE recipes ADD CONSTRAINT a_not_null CHECK (a IS NOT NULL) NOT VALID;
ALTER TABLE recipes ALTER COLUMN a SET NOT NULL;
ALTER TABLE recipes ADD CONSTRAINT b_not_null CHECK (b IS NOT NULL) NOT VALID;
ALTER TABLE recipes VALIDATE CONSTRAINT b_not_null;
ALTER TABLE recipes ALTER COLUMN c SET NOT NULL;
ALTER TABLE other VALIDATE CONSTRAINT b_not_null;
ALTER TABLE other ALTER COLUMN b SET NOT NULL;
