CREATE POLICY "share_insert" ON "permissions" AS RESTRICTIVE FOR INSERT TO public WITH CHECK (app_can(resource_type, resource_id, 'share'));--> statement-breakpoint
CREATE POLICY "share_update" ON "permissions" AS RESTRICTIVE FOR UPDATE TO public USING (app_can(resource_type, resource_id, 'share'));--> statement-breakpoint
CREATE POLICY "share_delete" ON "permissions" AS RESTRICTIVE FOR DELETE TO public USING (app_can(resource_type, resource_id, 'share'));--> statement-breakpoint
CREATE POLICY "write_level" ON "collections" AS RESTRICTIVE FOR UPDATE TO public USING (app_can('collection', id, 'write'));--> statement-breakpoint
CREATE POLICY "delete_level" ON "collections" AS RESTRICTIVE FOR DELETE TO public USING (app_can('collection', id, 'admin'));--> statement-breakpoint
CREATE POLICY "upload_level" ON "documents" AS RESTRICTIVE FOR INSERT TO public WITH CHECK (app_can('collection', collection_id, 'write'));--> statement-breakpoint
CREATE POLICY "delete_level" ON "documents" AS RESTRICTIVE FOR DELETE TO public USING (app_can('document', id, 'write'));