CREATE TABLE carts (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    items integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO carts (user_id, items, updated_at)
SELECT g, g % 11, timestamptz '2026-01-01 00:00+00' + g * interval '1 second'
  FROM generate_series(1, 120000) AS g;
ANALYZE carts;
