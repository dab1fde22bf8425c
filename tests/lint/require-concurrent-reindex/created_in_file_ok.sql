CREATE TABLE events (id bigint PRIMARY KEY);
REINDEX TABLE events;
