CREATE TABLE public.users (id bigint);
CREATE TABLE app.report AS SELECT 1 AS n;
ALTER TABLE public.users ADD COLUMN email text;
DROP TABLE public.old_users;
-- Temporary tables live in pg_temp; other objects are not this rule's.
CREATE TEMP TABLE scratch (id bigint) ON COMMIT DROP;
ALTER INDEX users_pkey SET (fillfactor = 90);
CREATE INDEX users_email_idx ON public.users (email);
