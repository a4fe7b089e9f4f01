CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    sku text NOT NULL,
    qty integer NOT NULL,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_id ON orders (user_id);
INSERT INTO orders (user_id, sku, qty, created_at)
SELECT g % 5000, 'sku-' || (g % 300), 1 + g % 7, timestamp '2026-01-01' + g * interval '1 minute'
  FROM generate_series(1, 100000) AS g;
ANALYZE orders;
