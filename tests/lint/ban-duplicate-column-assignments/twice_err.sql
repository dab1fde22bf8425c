UPDATE users SET active = true, name = 'x', active = false WHERE id = 1;
INSERT INTO users (id, name) VALUES (1, 'a')
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, name = 'b';
