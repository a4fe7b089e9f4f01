-- The monolith's database before the move: 100,000 orders, and an audit log with no primary
-- key (the table a move must refuse).
CREATE TABLE public.orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    sku text NOT NULL,
    qty integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO public.orders (user_id, sku, qty, created_at)
SELECT g % 1000, 'sku-' || g, g % 7 + 1, timestamptz '2026-01-01' + g * interval '1 second' FROM generate_series(1, 100000) g;
CREATE TABLE public.audit_log (at timestamptz NOT NULL DEFAULT now(), note text);
INSERT INTO public.audit_log (note) SELECT 'entry ' || g FROM generate_series(1, 100) g;
