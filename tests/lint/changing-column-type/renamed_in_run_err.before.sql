CREATE TABLE replication_target (id int, url varchar(64));
