ALTER TABLE replication_job RENAME TO replication_schedule_job;
DROP TABLE replication_schedule_job;
