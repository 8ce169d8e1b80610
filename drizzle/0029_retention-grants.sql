-- Retention policies and legal holds (issue 12) are tenant data: RLS even for the table owner.
-- The application role reads and sets a tenant's policies and places and releases holds; a
-- hold is never deleted (released holds are the record), so DELETE is not granted.
ALTER TABLE "retention_policies" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "legal_holds" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "retention_policies" TO agenticomni_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "legal_holds" TO agenticomni_app;
