CREATE TABLE "tenant_sso" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_encrypted" text NOT NULL,
	"key_version" integer NOT NULL,
	"allowed_domains" text[] NOT NULL,
	"jit_role_id" uuid,
	"passwords_allowed" boolean DEFAULT true NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"tested_at" timestamp with time zone,
	"tested_by" uuid,
	"last_test" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_sso_tenant_key" UNIQUE("tenant_id"),
	CONSTRAINT "tenant_sso_domains_count" CHECK (cardinality("tenant_sso"."allowed_domains") between 1 and 20),
	CONSTRAINT "tenant_sso_display_name_length" CHECK (length(btrim("tenant_sso"."display_name")) between 1 and 60),
	CONSTRAINT "tenant_sso_issuer_length" CHECK (char_length("tenant_sso"."issuer") between 1 and 500),
	CONSTRAINT "tenant_sso_client_id_length" CHECK (char_length("tenant_sso"."client_id") between 1 and 300),
	CONSTRAINT "tenant_sso_passwords_off_tested" CHECK ("tenant_sso"."passwords_allowed" or ("tenant_sso"."enabled" and "tenant_sso"."tested_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "tenant_sso" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenant_sso" ADD CONSTRAINT "tenant_sso_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_sso" ADD CONSTRAINT "tenant_sso_jit_role_fk" FOREIGN KEY ("tenant_id","jit_role_id") REFERENCES "public"."roles"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "tenant_sso" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));