-- Custom SQL migration file, put your code below! --
-- The platform's retention period for the current tenant (tenants.retention_days, set by a
-- superadmin), for its admins to read on the Settings page; the app role cannot read tenants.
CREATE OR REPLACE FUNCTION app_current_tenant_retention_days()
RETURNS integer
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT t.retention_days FROM tenants t
  WHERE t.id = nullif(current_setting('app.tenant_id', true), '')::uuid
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_current_tenant_retention_days() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_current_tenant_retention_days() TO agenticomni_app;
