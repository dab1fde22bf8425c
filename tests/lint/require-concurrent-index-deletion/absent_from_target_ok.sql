-- lint-fixture: absent=workflow_corr_id_index
DROP INDEX IF EXISTS workflow_corr_id_index;
