ALTER TABLE recipes ADD COLUMN public boolean NOT NULL;
ALTER TABLE recipes ADD COLUMN code text PRIMARY KEY;
