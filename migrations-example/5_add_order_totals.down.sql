-- pgshift:lock-timeout 2s
ALTER TABLE orders DROP COLUMN total_cents;
