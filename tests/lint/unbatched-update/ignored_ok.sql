-- pgshift:lint-ignore unbatched-update
UPDATE app.settings SET value = 'x';
