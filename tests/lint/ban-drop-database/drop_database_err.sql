-- pgshift:no-transaction
DROP DATABASE IF EXISTS analytics;
