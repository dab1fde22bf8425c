-- golang-migrate's own history table, as its postgres driver creates it before the first
-- migration. Some projects' SQL alters it (goharbor/harbor 0030 adds a column to it, 0040
-- drops that column again), so the reference and pgshift both get it from this setup file:
-- without it such a folder stops on the reference too ("relation schema_migrations does
-- not exist"). Neither side writes rows into it, so it compares equal.
CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
