CREATE DOMAIN label AS text;
CREATE DOMAIN counter AS bigint DEFAULT 0;
CREATE DOMAIN name_ci AS varchar(100) COLLATE "C";
