-- The settings of the tenant the transaction is scoped to (app.tenant_id), and nothing else: the
-- tenants table is global and not granted to the application role, but a tenant request may
-- read its own upload limits. SECURITY DEFINER with a fixed search_path; unset context: NULL.
CREATE OR REPLACE FUNCTION app_current_tenant_settings()
RETURNS jsonb
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT t.settings FROM tenants t
  WHERE t.id = nullif(current_setting('app.tenant_id', true), '')::uuid
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_current_tenant_settings() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_current_tenant_settings() TO agenticomni_app;
