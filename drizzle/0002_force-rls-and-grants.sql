-- Row-level security applies to the tables' owner too (FORCE): only a role with BYPASSRLS,
-- the privileged connection used for system work, is exempt. Tenant transactions are not.
ALTER TABLE "permissions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "role_permissions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "roles" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tenant_profile" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "user_roles" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tenant_llm_config" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "collections" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "document_chunks" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "documents" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "embeddings_registry" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "processing_jobs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "agent_failures" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "agent_runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "chat_messages" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "chat_sessions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "message_feedback" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tenant_quotas" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "usage_metrics" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "audit_logs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "data_retention_jobs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "gdpr_requests" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "rag_eval_cases" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "rag_eval_datasets" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "rag_eval_results" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "rag_evaluations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "rag_metrics" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "rag_reports" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO agenticomni_app;
--> statement-breakpoint
-- Tenant-scoped tables only: the global tables (tenants, system_admins, llm_providers) stay
-- out of reach of tenant transactions.
GRANT SELECT, INSERT, UPDATE, DELETE ON "permissions", "role_permissions", "roles", "tenant_profile", "user_roles", "users", "api_keys", "tenant_llm_config", "collections", "document_chunks", "documents", "embeddings_registry", "processing_jobs", "agent_failures", "agent_runs", "chat_messages", "chat_sessions", "message_feedback", "tenant_quotas", "usage_metrics", "audit_logs", "data_retention_jobs", "gdpr_requests", "rag_eval_cases", "rag_eval_datasets", "rag_eval_results", "rag_evaluations", "rag_metrics", "rag_reports" TO agenticomni_app;
--> statement-breakpoint
-- Append-only tables: history cannot be rewritten from a tenant transaction.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_logs", "chat_messages" FROM agenticomni_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO agenticomni_app;
