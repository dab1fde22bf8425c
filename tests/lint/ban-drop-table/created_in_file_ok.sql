CREATE TABLE tmp_import (id bigint);
DROP TABLE tmp_import;
DROP VIEW old_report;
