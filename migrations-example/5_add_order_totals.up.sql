-- pgshift:lock-timeout 2s
-- pgshift:statement-timeout 1min
-- pgshift:retries 10
--
-- Denormalised order totals. Versions are compared as numbers, so 5 runs after 0004 and
-- before 10, whatever the zero padding. The column is added without a default (no table
-- rewrite), then filled from the order lines; the statement timeout stops the UPDATE if the
-- table turns out bigger than expected, and the whole file rolls back. Every attempt waits at
-- most 2s for its locks (the fixed rung of the lock-timeout directive); after a lock timeout
-- the whole transaction is retried, 10 times at most, instead of the default 40.
ALTER TABLE orders ADD COLUMN total_cents bigint;

UPDATE orders o
   SET total_cents = t.total
  FROM (SELECT order_id, sum(quantity::bigint * unit_price_cents) AS total
          FROM order_items
         GROUP BY order_id) t
 WHERE t.order_id = o.id
   AND o.total_cents IS NULL;
