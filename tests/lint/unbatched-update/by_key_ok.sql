UPDATE app.users SET active = false WHERE id = 42;
DELETE FROM app.sessions WHERE user_id IN (1, 2, 3) AND expired;
UPDATE app.orders SET state = 'void' WHERE id BETWEEN 100 AND 200;
UPDATE app.orders SET state = 'void' WHERE id = ANY ('{1,2}'::bigint[]);
