CREATE TABLE app.flags (id smallserial, level smallint, weight int2);
ALTER TABLE app.flags ADD COLUMN rank smallint;
