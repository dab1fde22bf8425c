-- pgshift:no-transaction
-- pgshift:statement-timeout 30min
--
-- Indexes for "orders of a customer" and "orders containing a product", built without
-- blocking writes. CREATE INDEX CONCURRENTLY cannot run inside a transaction block, so this
-- file runs in autocommit, one statement at a time; pgshift records progress after each
-- statement and a re-run resumes at the first one not done. (pgshift would also have
-- chosen autocommit on its own because of CONCURRENTLY; the directive makes it explicit.)
-- The statement timeout bounds each build; it is reset after every statement.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);

CREATE INDEX CONCURRENTLY IF NOT EXISTS order_items_product_id_idx ON order_items (product_id);
