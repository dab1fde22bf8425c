-- Prerequisites of supabase/postgres migrations/db/migrations (scripts/compat-all runs this on
-- both sides, reference and pgshift, before the migrations). supabase's image creates these
-- before its dbmate migrations run (its init scripts and its extensions); this file is ours
-- and creates only what the migrations refer to, found by reading them:
--   roles they grant to, alter or own objects as; schemas they grant on.
-- Extensions the migrations only use when available (pg_graphql, pg_cron, pg_net, pgsodium,
-- supautils) are left out: the migrations check pg_available_extensions and skip them.
-- Roles are global to the cluster: scripts/compat drops every role created during a side
-- after it, so each side starts from the same roles.

-- The image's "postgres" is a superuser until 10000000000000_demote-postgres demotes it.
CREATE ROLE postgres LOGIN SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS;
CREATE ROLE supabase_admin LOGIN SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS;
CREATE ROLE supabase_auth_admin LOGIN NOINHERIT CREATEROLE;
CREATE ROLE supabase_storage_admin LOGIN NOINHERIT CREATEROLE;
CREATE ROLE dashboard_user NOSUPERUSER CREATEDB CREATEROLE REPLICATION;

-- API roles, and the role PostgREST logs in as.
CREATE ROLE anon NOLOGIN NOINHERIT;
CREATE ROLE authenticated NOLOGIN NOINHERIT;
CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
CREATE ROLE authenticator LOGIN NOINHERIT;
GRANT anon, authenticated, service_role, supabase_admin TO authenticator;

-- Created by the pgsodium extension in the image; 20230529180330 grants it unconditionally.
CREATE ROLE pgsodium_keyholder NOLOGIN;

CREATE SCHEMA auth AUTHORIZATION supabase_admin;
CREATE SCHEMA storage AUTHORIZATION supabase_admin;
CREATE SCHEMA extensions;
