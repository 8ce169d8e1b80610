-- Each workspace's upload default: its shared collection named "General" if it has one, else its
-- oldest collection the whole workspace can see. Workspaces with only restricted collections get
-- none until someone chooses one.
UPDATE "collections" c SET "is_default" = true
WHERE c.id IN (
  SELECT DISTINCT ON (tenant_id) id FROM "collections"
  WHERE visibility = 'tenant'
  ORDER BY tenant_id, (name = 'General') DESC, created_at, id
)
AND NOT EXISTS (SELECT 1 FROM "collections" d WHERE d.tenant_id = c.tenant_id AND d.is_default);
