-- Rollups used to keep a tenant-total row (user_id NULL) beside each user's row for the same day,
-- counting the same work twice. Rollups are now per user, API key, kind and model, and totals are
-- sums: what a tenant row held beyond its users' rows stays as the tenant's own (user NULL) usage.
WITH per_user AS (
  SELECT tenant_id, date, sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(requests) AS requests,
    sum(ingestions) AS ingestions, sum(storage_bytes) AS storage_bytes, sum(cost_usd) AS cost_usd
  FROM usage_metrics WHERE user_id IS NOT NULL GROUP BY tenant_id, date
)
UPDATE usage_metrics m SET
  tokens_in = greatest(m.tokens_in - p.tokens_in, 0),
  tokens_out = greatest(m.tokens_out - p.tokens_out, 0),
  requests = greatest(m.requests - p.requests, 0),
  ingestions = greatest(m.ingestions - p.ingestions, 0),
  storage_bytes = m.storage_bytes - p.storage_bytes,
  cost_usd = greatest(m.cost_usd - p.cost_usd, 0)
FROM per_user p
WHERE m.user_id IS NULL AND m.tenant_id = p.tenant_id AND m.date = p.date;
--> statement-breakpoint
DELETE FROM usage_metrics
WHERE user_id IS NULL AND tokens_in = 0 AND tokens_out = 0 AND requests = 0 AND ingestions = 0 AND storage_bytes = 0 AND cost_usd = 0;
--> statement-breakpoint
-- Uploads were counted as ingestions of the tenant's chat row; they are their own kind now.
UPDATE usage_metrics SET kind = 'ingestion' WHERE tokens_in = 0 AND tokens_out = 0 AND requests = 0 AND ingestions > 0;
--> statement-breakpoint
ALTER TABLE "usage_events" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "model_prices" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Events are history: a tenant transaction may add them, never rewrite them.
GRANT SELECT, INSERT ON "usage_events" TO agenticomni_app;
--> statement-breakpoint
-- Prices are edited by superadmins on the privileged connection; tenants only read them.
GRANT SELECT ON "model_prices" TO agenticomni_app;
--> statement-breakpoint
-- The built-in local models (the extractive answerer, the hashing embedder, OCR) cost nothing; every
-- other model is unpriced until a superadmin prices it.
INSERT INTO "model_prices" ("tenant_id", "model_pattern", "effective_from") VALUES
  (NULL, 'extractive-*', '2000-01-01T00:00:00Z'),
  (NULL, 'local-*', '2000-01-01T00:00:00Z'),
  (NULL, 'tesseract*', '2000-01-01T00:00:00Z');
