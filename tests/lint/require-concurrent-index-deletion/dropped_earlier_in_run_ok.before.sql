CREATE TABLE queue_message (id int, queue_name text);
CREATE UNIQUE INDEX unique_queue_name ON queue_message (queue_name);
DROP INDEX IF EXISTS unique_queue_name;
