-- Sets the time zone of the tenant the transaction is scoped to (app.tenant_id), and nothing else
-- of its settings: the tenants table is global and not the application role's to write, but a
-- tenant admin may choose where the workspace's usage days begin. A zone PostgreSQL does not
-- know is refused here too (22023), so it can never reach recordUsage(). Unset context: NULL.
CREATE OR REPLACE FUNCTION app_set_current_tenant_time_zone(zone text)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  result jsonb;
BEGIN
  PERFORM now() AT TIME ZONE zone;
  UPDATE tenants SET settings = jsonb_set(settings, '{timeZone}', to_jsonb(zone)), updated_at = now()
  WHERE id = nullif(current_setting('app.tenant_id', true), '')::uuid
  RETURNING settings INTO result;
  RETURN result;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_set_current_tenant_time_zone(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_set_current_tenant_time_zone(text) TO agenticomni_app;
