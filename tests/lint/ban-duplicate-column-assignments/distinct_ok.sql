UPDATE users SET active = true, name = 'x' WHERE id = 1;
-- Different elements of one array column: allowed.
UPDATE users SET tags[1] = 'a', tags[2] = 'b' WHERE id = 1;
INSERT INTO users (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = excluded.name;
