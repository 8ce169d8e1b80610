-- Grant levels (issue 10): what the current user may do on a collection or document, decided in
-- the database as in server/access (lib/access.ts), so a write that skipped the domain check is
-- still refused. SECURITY INVOKER throughout: every lookup runs under the tenant's RLS, so an
-- invisible resource has no level at all.

-- The user's own level: 'admin' for holders of users:manage (app.see_restricted), a collection's
-- creator and a document's uploader; else the highest grant on the resource or, for a document,
-- on its collection (collection grants cover its documents, as they do for reading since 0008);
-- a collection's creator administers its documents too. NULL without any.
CREATE OR REPLACE FUNCTION app_access_level(resource_type text, resource_id uuid)
RETURNS text
LANGUAGE sql
STABLE
SECURITY INVOKER
AS $$
  WITH me AS (SELECT nullif(current_setting('app.user_id', true), '')::uuid AS id),
  target AS (
    SELECT $2 AS id, NULL::uuid AS collection_id WHERE $1 = 'collection'
    UNION ALL
    SELECT d.id, d.collection_id FROM documents d WHERE $1 = 'document' AND d.id = $2
  ),
  ranks AS (
    SELECT 3 AS r WHERE coalesce(current_setting('app.see_restricted', true), '') = 'on'
    UNION ALL
    SELECT 3 FROM collections c, me, target t
      WHERE c.created_by = me.id AND c.id = coalesce(t.collection_id, t.id)
    UNION ALL
    SELECT 3 FROM documents d, me WHERE $1 = 'document' AND d.id = $2 AND d.uploaded_by = me.id
    UNION ALL
    SELECT array_position(ARRAY['read', 'write', 'admin'], p.level)
      FROM permissions p, me, target t
      WHERE p.user_id = me.id
        AND ((p.resource_type = $1 AND p.resource_id = t.id)
          OR (p.resource_type = 'collection' AND p.resource_id = t.collection_id))
  )
  SELECT (ARRAY['read', 'write', 'admin'])[max(r)] FROM ranks
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_access_level(text, uuid) TO agenticomni_app;
--> statement-breakpoint
-- Whether the current user may do `need` on the resource: 'read', 'write' and 'admin' are asked
-- of restricted resources only (a document is restricted when it or its collection is; elsewhere
-- the role decides); 'share' (visibility, grants) needs the admin level anywhere. An invisible
-- resource allows nothing.
CREATE OR REPLACE FUNCTION app_can(resource_type text, resource_id uuid, need text)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY INVOKER
AS $$
  SELECT coalesce(
    CASE WHEN $3 = 'share' THEN app_access_level($1, $2) = 'admin'
    ELSE (
      SELECT NOT r.restricted
        OR coalesce(array_position(ARRAY['read', 'write', 'admin'], app_access_level($1, $2))
          >= array_position(ARRAY['read', 'write', 'admin'], $3), false)
      FROM (
        SELECT c.visibility = 'restricted' AS restricted FROM collections c WHERE $1 = 'collection' AND c.id = $2
        UNION ALL
        SELECT d.visibility = 'restricted' OR c.visibility = 'restricted'
          FROM documents d JOIN collections c ON c.id = d.collection_id
          WHERE $1 = 'document' AND d.id = $2
      ) r
    ) END,
    false)
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_can(text, uuid, text) TO agenticomni_app;
--> statement-breakpoint
-- Changing who can see a collection or document is sharing: admin level only. A policy cannot
-- compare the old row with the new one, so a trigger does. Work on the privileged connection
-- (migrations, purges) is not a user's choice and passes.
CREATE OR REPLACE FUNCTION app_guard_visibility()
RETURNS trigger
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
BEGIN
  IF current_user = 'agenticomni_app' AND NOT app_can(TG_ARGV[0], OLD.id, 'share') THEN
    RAISE EXCEPTION 'changing who can see this % needs admin access to it', TG_ARGV[0] USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER collections_visibility_guard BEFORE UPDATE OF visibility ON collections
  FOR EACH ROW WHEN (OLD.visibility IS DISTINCT FROM NEW.visibility) EXECUTE FUNCTION app_guard_visibility('collection');
--> statement-breakpoint
CREATE TRIGGER documents_visibility_guard BEFORE UPDATE OF visibility ON documents
  FOR EACH ROW WHEN (OLD.visibility IS DISTINCT FROM NEW.visibility) EXECUTE FUNCTION app_guard_visibility('document');
