-- lint-fixture: created-before=recipes
ALTER TABLE recipes ADD COLUMN public boolean NOT NULL;
