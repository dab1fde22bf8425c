CREATE TABLE app.t (id bigint);
