-- BM25 top-k for the full-text side of retrieval, where the engine has pg_textsearch (PGlite ships
-- it; a stock PostgreSQL 15 does not). Elsewhere nothing changes and retrieval keeps ranking the
-- GIN matches with ts_rank: server/retrieval/search.ts looks for this index at runtime.
-- The extension refuses to load unless it is in shared_preload_libraries: a server that lists it
-- as available without preloading it keeps the GIN path instead of failing the migration.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_textsearch') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_textsearch;
      CREATE INDEX IF NOT EXISTS document_chunks_content_bm25 ON document_chunks USING bm25 (content)
        WITH (text_config = 'english');
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pg_textsearch is available but could not be enabled (%): full-text retrieval uses the GIN index', SQLERRM;
    END;
  END IF;
END
$$;
