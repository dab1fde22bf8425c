UPDATE app.users u SET plan = p.name FROM app.plans p WHERE p.code = u.plan_code;
DELETE FROM app.sessions RETURNING id;
