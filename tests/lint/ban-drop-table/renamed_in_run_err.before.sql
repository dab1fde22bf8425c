CREATE TABLE replication_job (id int);
