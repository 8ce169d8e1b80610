-- Under RLS the planner uses a condition as an index condition only when its function is
-- LEAKPROOF (else it could run on rows the policies hide): `search @@ tsquery` (ts_match_vq) is
-- not marked so, and every full-text query scanned all of the tenant's chunks instead of using
-- the GIN index (35 ms against 0.1 ms for a selective query over 100,000 rows). ts_match_vq only
-- compares a tsvector with a tsquery and raises no error that depends on the row, so it is marked
-- leakproof in this database; RLS still filters every row it matches. Only a superuser may do
-- this: elsewhere full text keeps working, without the index under RLS.
DO $$
BEGIN
  ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'ts_match_vq could not be marked leakproof (not a superuser): full-text search under RLS scans the tenant''s chunks';
END
$$;
