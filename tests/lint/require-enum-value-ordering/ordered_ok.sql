ALTER TYPE app.status ADD VALUE 'paused' BEFORE 'done';
ALTER TYPE app.status ADD VALUE 'archived' AFTER 'done';
ALTER TYPE app.status RENAME VALUE 'done' TO 'finished';
