-- Single sign-on settings (issue 16) are tenant data: RLS even for the table owner. The
-- application role reads them at sign-in and writes them from the Settings page; a workspace
-- turns SSO off rather than deleting its row, so DELETE is not granted.
ALTER TABLE "tenant_sso" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "tenant_sso" TO agenticomni_app;
