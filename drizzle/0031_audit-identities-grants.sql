-- Audit identities (issue 12): who a pseudonym of the audit log is, until an erasure. Tenant
-- transactions read them (the audit page joins them) and upsert them as entries are written;
-- deleting one is erasure's work, on the privileged connection only.
ALTER TABLE "audit_identities" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "audit_identities" TO agenticomni_app;
--> statement-breakpoint
-- audit_logs stays append-only for the application role: erasure removes personal parts of
-- entries through the privileged connection (server/gdpr/erasure), never a tenant transaction.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_logs" FROM agenticomni_app;
