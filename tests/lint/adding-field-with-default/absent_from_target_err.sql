-- lint-fixture: absent=schema_migrations
-- another tool's history table, or one a DO block creates: not in the target database
ALTER TABLE schema_migrations ADD COLUMN token uuid DEFAULT gen_random_uuid();
