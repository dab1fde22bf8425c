-- Customers of the shop. A plain pair file: no directives, so pgshift runs it in one
-- transaction together with its history row.
CREATE TABLE customers (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      text NOT NULL,
  full_name  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One account per address, whatever the capitalisation.
CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));
