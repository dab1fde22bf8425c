ALTER TYPE app.status ADD VALUE 'archived';
ALTER TYPE app.status ADD VALUE IF NOT EXISTS 'paused';
