-- The outbox is a platform table whose bodies hold one-time links: like tenants and system_admins,
-- the application role gets no privilege on it, so a tenant transaction cannot read or write it.
-- RLS is on (0016) and FORCEd with no policy at all: should a privilege ever be granted, every row
-- stays hidden from any role without BYPASSRLS. Only the privileged connection (superadmin work,
-- delivery after a tenant transaction committed) reads and writes it.
REVOKE ALL ON "mail_outbox" FROM agenticomni_app;
--> statement-breakpoint
ALTER TABLE "mail_outbox" FORCE ROW LEVEL SECURITY;
