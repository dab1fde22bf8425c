VACUUM FULL app.events;
VACUUM (FULL, ANALYZE) app.users, app.orders;
CLUSTER app.events USING events_pkey;
CLUSTER;
