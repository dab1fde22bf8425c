CREATE TABLE recipes (id bigint PRIMARY KEY);
ALTER TABLE recipes ADD COLUMN public boolean NOT NULL;
