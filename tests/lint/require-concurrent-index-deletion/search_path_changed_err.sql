-- lint-fixture: absent=workflow_corr_id_index
-- search_path changed: the unqualified name may be another schema's index
SET search_path TO app;
DROP INDEX IF EXISTS workflow_corr_id_index;
