import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { createTenant } from '@/server/tenants/create';

export type DatasetOptions = {
  tenants: number;
  usersPerTenant: number;
  collectionsPerTenant: number;
  documents: number;
};

export type BenchTenant = { id: string; slug: string; userId: string; documents: number };

export type Dataset = {
  tenants: BenchTenant[];
  rowCounts: Record<string, number>;
  seconds: number;
};

/**
 * Tenant i (1-based) gets a share proportional to i, so sizes range from small to large and the
 * list query can be measured at both ends. The last tenant takes the rounding remainder so the
 * total is exact.
 */
export function documentShares(tenants: number, total: number): number[] {
  const weightSum = (tenants * (tenants + 1)) / 2;
  const shares = Array.from({ length: tenants }, (_, i) => Math.floor((total * (i + 1)) / weightSum));
  shares[tenants - 1]! += total - shares.reduce((a, b) => a + b, 0);
  return shares;
}

const slugOf = (i: number) => `bench-${String(i).padStart(2, '0')}`;

/**
 * Builds the data set on the privileged connection. Tenants go through createTenant (so roles and
 * quotas look like the app's); the bulk rows are `insert ... select generate_series` statements,
 * which run as the superuser and so skip RLS — one statement per table instead of 50k round trips.
 * Values derive from the series number, not random(), so every run has the same data.
 */
export async function generateDataset(db: Db, options: DatasetOptions): Promise<Dataset> {
  const start = performance.now();
  for (let i = 1; i <= options.tenants; i++) {
    await createTenant(db, { name: `Bench Tenant ${i}`, slug: slugOf(i), plan: 'pro' });
  }

  // A tenant's number (1..N) by slug order; the shares array below is indexed by it.
  const benchTenants = sql`(select id, slug, row_number() over (order by slug)::int as n
                            from tenants where slug like 'bench-%')`;

  await db.execute(sql`
    insert into users (tenant_id, email, hashed_password, full_name, status, created_at)
    select t.id, 'user' || g || '@' || t.slug || '.test', 'bench-placeholder-not-a-hash',
           'Bench User ' || g, 'active', now() - g * interval '1 day'
    from ${benchTenants} t
    cross join generate_series(1, ${options.usersPerTenant}::int) g`);

  await db.execute(sql`
    insert into collections (tenant_id, name, description)
    select t.id, 'Collection ' || g, 'Generated for the benchmark'
    from ${benchTenants} t
    cross join generate_series(1, ${options.collectionsPerTenant}::int) g`);

  // The shares are integers computed here, so inlining them as an array literal is safe.
  const shares = sql.raw(`array[${documentShares(options.tenants, options.documents).join(',')}]::int[]`);
  await db.execute(sql`
    insert into documents (tenant_id, collection_id, uploaded_by, filename, storage_key, mime_type,
                           file_type, size_bytes, checksum_sha256, status, error, page_count,
                           chunk_count, processed_at, created_at, updated_at)
    select t.id,
           c.ids[1 + g % cardinality(c.ids)],
           u.ids[1 + g % cardinality(u.ids)],
           'document-' || g || '.' || ext.name,
           t.id || '/' || g || '.' || ext.name,
           ext.mime,
           ext.name,
           (g::bigint * 7919) % 5000000 + 1024,
           md5(t.id::text || g) || md5(g || t.id::text),
           st.status,
           case when st.status = 'failed' then 'Parser error (generated)' end,
           case when st.status = 'completed' then 1 + g % 40 end,
           case when st.status = 'completed' then 5 + g % 200 else 0 end,
           case when st.status = 'completed' then ts.created_at + interval '2 minutes' end,
           ts.created_at,
           ts.created_at
    from ${benchTenants} t
    cross join lateral (select array_agg(id order by name) as ids from collections where tenant_id = t.id) c
    cross join lateral (select array_agg(id order by email) as ids from users where tenant_id = t.id) u
    cross join lateral generate_series(1, (${shares})[t.n]) g
    -- 80% completed, 10% uploaded, 5% processing, 5% failed: a mature workspace.
    cross join lateral (select case when g % 20 < 16 then 'completed'
                                    when g % 20 < 18 then 'uploaded'
                                    when g % 20 = 18 then 'processing'
                                    else 'failed' end as status) st
    cross join lateral (select (array['pdf', 'docx', 'txt', 'md'])[1 + g % 4] as name,
                               (array['application/pdf',
                                      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                                      'text/plain', 'text/markdown'])[1 + g % 4] as mime) ext
    -- Spread over a year; the multiplier is prime so neighbouring rows land far apart in time.
    cross join lateral (select now() - ((g::bigint * 104729) % 525600) * interval '1 minute' as created_at) ts`);

  // PGlite runs no autovacuum: without this the planner has no statistics and index-only scans
  // would visit every heap page (no visibility map), unlike a steady-state production database.
  await db.execute(sql`vacuum analyze`);

  const tenants = await db.execute<{ id: string; slug: string; user_id: string; documents: number }>(sql`
    select t.id, t.slug,
           (select id from users u where u.tenant_id = t.id order by email limit 1) as user_id,
           (select count(*)::int from documents d where d.tenant_id = t.id) as documents
    from tenants t where t.slug like 'bench-%' order by t.slug`);

  const [counts] = await db.execute<Record<string, number>>(sql`
    select (select count(*)::int from tenants) as tenants,
           (select count(*)::int from users) as users,
           (select count(*)::int from roles) as roles,
           (select count(*)::int from collections) as collections,
           (select count(*)::int from documents) as documents`);

  return {
    tenants: tenants.map((t) => ({ id: t.id, slug: t.slug, userId: t.user_id, documents: t.documents })),
    rowCounts: counts ?? {},
    seconds: (performance.now() - start) / 1000,
  };
}
