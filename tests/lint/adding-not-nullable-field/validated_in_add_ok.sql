-- A CHECK added without NOT VALID is validated at once (constraint-missing-not-valid reports
-- that scan); SET NOT NULL after it needs none from PostgreSQL 12 on (the default target: 15).
ALTER TABLE recipes ADD CONSTRAINT rating_not_null CHECK (rating IS NOT NULL);
ALTER TABLE recipes ALTER COLUMN rating SET NOT NULL;
