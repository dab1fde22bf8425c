-- the index was dropped by an earlier file: nothing to drop
DROP INDEX IF EXISTS unique_queue_name;
