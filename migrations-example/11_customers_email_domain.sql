-- Fills a new column of a table that may be large, without holding its rows locked for the
-- whole run: the UPDATE runs in keyset batches over the primary key, each batch its own short
-- transaction that also records the cursor in pgshift.backfills, so an interrupted `up`
-- resumes at the first batch not done. The file runs in autocommit because of the batch.
-- pgshift:up
ALTER TABLE public.customers ADD COLUMN IF NOT EXISTS email_domain text;

-- pgshift:batch size=500 sleep=10%
UPDATE public.customers SET email_domain = lower(split_part(email, '@', 2)) WHERE email_domain IS NULL;

-- pgshift:down
ALTER TABLE public.customers DROP COLUMN IF EXISTS email_domain;
