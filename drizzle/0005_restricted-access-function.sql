-- Whether the current user may read a restricted collection or document: holders of
-- users:manage (who hand out access) see everything, others need a grant in `permissions`.
-- SECURITY INVOKER, so the permissions lookup itself runs under the tenant's RLS.
CREATE OR REPLACE FUNCTION app_can_read(resource_type text, resource_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY INVOKER
AS $$
  SELECT coalesce(current_setting('app.see_restricted', true), '') = 'on'
    OR EXISTS (
      SELECT 1 FROM permissions p
      WHERE p.resource_type = $1
        AND p.resource_id = $2
        AND p.user_id = nullif(current_setting('app.user_id', true), '')::uuid
    )
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_can_read(text, uuid) TO agenticomni_app;
