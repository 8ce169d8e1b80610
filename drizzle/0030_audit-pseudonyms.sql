CREATE TABLE "audit_identities" (
	"tenant_id" uuid NOT NULL,
	"pseudonym" text NOT NULL,
	"user_id" uuid,
	"email" text,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_identities_pkey" PRIMARY KEY("tenant_id","pseudonym")
);
--> statement-breakpoint
ALTER TABLE "audit_identities" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "actor_pseudonym" text;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "personal_digest" text;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "personal_erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_identities" ADD CONSTRAINT "audit_identities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_logs_tenant_pseudonym_idx" ON "audit_logs" USING btree ("tenant_id","actor_pseudonym");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "audit_identities" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));