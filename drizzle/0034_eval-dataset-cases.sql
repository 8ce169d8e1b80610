ALTER TABLE "rag_eval_cases" ADD COLUMN "expected_pages" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_cases" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "rag_eval_cases_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "rag_eval_cases" ADD COLUMN "key_facts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_cases" ADD COLUMN "source" jsonb;--> statement-breakpoint
ALTER TABLE "rag_eval_cases" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_datasets" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;