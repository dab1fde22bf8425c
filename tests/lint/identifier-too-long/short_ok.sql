-- Exactly 63 bytes is allowed; 31 two-byte characters plus one byte is 63 bytes.
CREATE TABLE app.table_very_long_very_long_very_long_very_long_very_long_very_lo (id bigint);
CREATE TABLE app."éééééééééééééééééééééééééééééééa" (id bigint);
-- A long string constant is no name.
INSERT INTO app.notes (body) VALUES ('a very long text a very long text a very long text a very long text');
