CREATE TABLE app.codes (code char(3) NOT NULL, label character(20), note text);
ALTER TABLE app.codes ADD COLUMN region character;
ALTER TABLE app.codes ALTER COLUMN note TYPE char(10);
