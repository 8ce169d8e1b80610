-- pgvector for document_chunks.embedding; must exist before the tables that use it.
CREATE EXTENSION IF NOT EXISTS vector;
--> statement-breakpoint
-- The application role: tenant transactions run as it (SET LOCAL ROLE). It cannot log in, is no
-- superuser, cannot bypass RLS and owns nothing, so every row it reads passes a policy.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'agenticomni_app') THEN
    CREATE ROLE agenticomni_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
-- The connecting role must be able to SET ROLE to it (automatic for a superuser).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'agenticomni_app', 'MEMBER') THEN
    EXECUTE format('GRANT agenticomni_app TO %I', current_user);
  END IF;
END
$$;
