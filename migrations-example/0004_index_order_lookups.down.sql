-- No directive here: DROP INDEX CONCURRENTLY cannot run in a transaction, so pgshift runs
-- this file in autocommit by itself. A failed down of such a file is re-run from its first
-- statement, hence IF EXISTS on every statement.
DROP INDEX CONCURRENTLY IF EXISTS order_items_product_id_idx;
DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;
