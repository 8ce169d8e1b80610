-- Idempotency keys of the public API are tenant data: RLS even for the table owner. The
-- application role claims, completes and releases them in tenant transactions; expired rows are
-- removed by the background sweep on the privileged connection.
ALTER TABLE "api_idempotency_keys" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "api_idempotency_keys" TO agenticomni_app;
