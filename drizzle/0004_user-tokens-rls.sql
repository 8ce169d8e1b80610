ALTER TABLE "user_tokens" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "user_tokens" TO agenticomni_app;
