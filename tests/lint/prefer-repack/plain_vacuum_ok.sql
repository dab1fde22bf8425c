VACUUM app.events;
VACUUM (ANALYZE) app.events;
VACUUM (FULL false) app.events;
VACUUM FREEZE app.events;
