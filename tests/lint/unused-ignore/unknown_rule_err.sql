-- pgshift:lint-ignore ban-drop-colum
ALTER TABLE users ADD COLUMN nickname text;
