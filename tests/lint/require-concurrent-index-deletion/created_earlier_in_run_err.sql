DROP INDEX policy;
ALTER TABLE replication_job RENAME TO replication_schedule_job;
DROP INDEX poid_status;
ALTER INDEX "Subscription_planId_key" RENAME TO "Subscription_plan_key";
DROP INDEX "Subscription_plan_key";
DROP INDEX IF EXISTS app.events_id_key;
