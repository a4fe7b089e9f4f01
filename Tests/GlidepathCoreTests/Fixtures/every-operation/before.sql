CREATE TABLE orders (id bigserial PRIMARY KEY, sku text NOT NULL, qty integer NOT NULL DEFAULT 1);
INSERT INTO orders (sku) SELECT 'sku-' || g FROM generate_series(1, 5000) AS g;
