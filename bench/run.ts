import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { createClient, type Db, type Tx } from '@/db/client';
import { startEmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { APP_ROLE, withTenant, type TenantScope } from '@/db/tenant';
import { generateDataset, type BenchTenant } from './generate';
import { interleave, summarize, timed, type Summary } from './stats';

/** Sizes chosen so a run stays well under two minutes on two cores; env overrides for quick runs. */
const CONFIG = {
  tenants: envInt('BENCH_TENANTS', 20),
  usersPerTenant: 25,
  collectionsPerTenant: 5,
  documents: envInt('BENCH_DOCUMENTS', 50_000),
  roundTrip: { iterations: envInt('BENCH_ROUNDTRIP_ITERATIONS', 2000), warmup: 200 },
  list: { iterations: envInt('BENCH_LIST_ITERATIONS', 500), warmup: 50 },
  status: 'completed',
  pageSize: 50,
} as const;

const INDEX_NAME = 'documents_tenant_status_idx';
const RESULTS_FILE = path.join(process.cwd(), 'bench', 'results', 'latest.json');

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

// ---------------------------------------------------------------------------------------------
// The documents page query. Under RLS the app relies on the policy for the tenant filter; without
// RLS (owner connection) the filter must be explicit. `tenantId` adds it.

function listPageSql(status: string, tenantId: string | null): SQL {
  const tenantFilter = tenantId ? sql` and tenant_id = ${tenantId}` : sql``;
  return sql`select id, collection_id, filename, file_type, size_bytes, status, chunk_count, created_at
             from documents
             where status = ${status}${tenantFilter}
             order by created_at desc
             limit ${CONFIG.pageSize} offset 0`;
}

function listCountSql(status: string, tenantId: string | null): SQL {
  const tenantFilter = tenantId ? sql` and tenant_id = ${tenantId}` : sql``;
  return sql`select count(*)::int as n from documents where status = ${status}${tenantFilter}`;
}

type ListResult = { queriesMs: number; ids: string[]; count: number };

/** One page load: the rows and the total, timed inside the transaction (no BEGIN/setup/COMMIT). */
async function loadPage(tx: Tx, tenantId: string | null): Promise<ListResult> {
  const start = performance.now();
  const rows = await tx.execute<{ id: string }>(listPageSql(CONFIG.status, tenantId));
  const [total] = await tx.execute<{ n: number }>(listCountSql(CONFIG.status, tenantId));
  return { queriesMs: performance.now() - start, ids: rows.map((r) => r.id), count: total?.n ?? -1 };
}

type ListSample = { totalMs: number; queriesMs: number };

async function sampleList(run: () => Promise<ListResult>): Promise<ListSample> {
  let queriesMs = 0;
  const totalMs = await timed(async () => {
    queriesMs = (await run()).queriesMs;
  });
  return { totalMs, queriesMs };
}

const LIST_VARIANTS = {
  rls: 'RLS, app role, policy filter only',
  rlsExplicit: 'RLS, app role, + explicit tenant_id',
  owner: 'no RLS, superuser, explicit tenant_id',
} as const;
type ListVariant = keyof typeof LIST_VARIANTS;

function listRunners(db: Db, tenant: BenchTenant): Record<ListVariant, () => Promise<ListResult>> {
  const scope: TenantScope = { tenantId: tenant.id, userId: tenant.userId };
  return {
    rls: () => withTenant(scope, (tx) => loadPage(tx, null), db),
    rlsExplicit: () => withTenant(scope, (tx) => loadPage(tx, tenant.id), db),
    owner: () => db.transaction((tx) => loadPage(tx, tenant.id)),
  };
}

type ListBench = {
  tenant: string;
  tenantDocuments: number;
  matching: number;
  returned: number;
  variants: Record<ListVariant, { transaction: Summary; queries: Summary }>;
  ratioRlsToOwner: { transactionP50: number; transactionP95: number; queriesP50: number; queriesP95: number };
};

async function benchList(db: Db, tenant: BenchTenant): Promise<ListBench> {
  const runners = listRunners(db, tenant);
  // The variants must agree before their timings mean anything: same rows, same total.
  const reference = await runners.owner();
  for (const key of ['rls', 'rlsExplicit'] as const) {
    const got = await runners[key]();
    if (got.count !== reference.count || got.ids.join() !== reference.ids.join()) {
      throw new Error(`${key} returned ${got.count}/${got.ids.length} rows, owner ${reference.count}/${reference.ids.length}`);
    }
  }
  const samples = await interleave(
    {
      rls: () => sampleList(runners.rls),
      rlsExplicit: () => sampleList(runners.rlsExplicit),
      owner: () => sampleList(runners.owner),
    },
    CONFIG.list.iterations,
    CONFIG.list.warmup,
  );
  const variants = Object.fromEntries(
    (Object.keys(samples) as ListVariant[]).map((k) => [
      k,
      { transaction: summarize(samples[k].map((s) => s.totalMs)), queries: summarize(samples[k].map((s) => s.queriesMs)) },
    ]),
  ) as ListBench['variants'];
  return {
    tenant: tenant.slug,
    tenantDocuments: tenant.documents,
    matching: reference.count,
    returned: reference.ids.length,
    variants,
    ratioRlsToOwner: {
      transactionP50: variants.rls.transaction.p50 / variants.owner.transaction.p50,
      transactionP95: variants.rls.transaction.p95 / variants.owner.transaction.p95,
      queriesP50: variants.rls.queries.p50 / variants.owner.queries.p50,
      queriesP95: variants.rls.queries.p95 / variants.owner.queries.p95,
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function benchRoundTrip(db: Db, scope: TenantScope) {
  const samples = await interleave(
    {
      bare: () => timed(() => db.execute(sql`select 1`)),
      transaction: () => timed(() => db.transaction((tx) => tx.execute(sql`select 1`))),
      withTenant: () => timed(() => withTenant(scope, (tx) => tx.execute(sql`select 1`), db)),
    },
    CONFIG.roundTrip.iterations,
    CONFIG.roundTrip.warmup,
  );
  const bare = summarize(samples.bare);
  const transaction = summarize(samples.transaction);
  const tenant = summarize(samples.withTenant);
  return {
    iterations: CONFIG.roundTrip.iterations,
    warmup: CONFIG.roundTrip.warmup,
    bare,
    transaction,
    withTenant: tenant,
    ratioWithTenantToTransaction: {
      mean: tenant.mean / transaction.mean,
      p50: tenant.p50 / transaction.p50,
      p95: tenant.p95 / transaction.p95,
    },
    overheadMsP50: tenant.p50 - transaction.p50,
  };
}

// ---------------------------------------------------------------------------------------------

async function explainLines(tx: Tx, query: SQL, options: string): Promise<string[]> {
  const rows = await tx.execute<{ 'QUERY PLAN': string }>(sql`explain (${sql.raw(options)}) ${query}`);
  return rows.map((r) => r['QUERY PLAN']);
}

/**
 * Plans of the page and count queries as the app role (RLS applied), both the custom plan for
 * the actual status value and the generic plan a reused prepared statement may switch to.
 */
async function explainAsAppRole(db: Db, tenant: BenchTenant) {
  return withTenant(
    { tenantId: tenant.id, userId: tenant.userId },
    async (tx) => {
      const [who] = await tx.execute<{ role: string; superuser: boolean; bypassrls: boolean }>(
        sql`select current_user as role, rolsuper as superuser, rolbypassrls as bypassrls
            from pg_roles where rolname = current_user`,
      );
      const page = await explainLines(tx, listPageSql(CONFIG.status, null), 'analyze, buffers, costs');
      const count = await explainLines(tx, listCountSql(CONFIG.status, null), 'analyze, buffers, costs');
      // generic_plan (PostgreSQL 16+) plans with $1 unknown, like a cached prepared statement.
      const genericPage = await explainLines(
        tx,
        sql`select id, created_at from documents where status = $1 order by created_at desc limit 50`,
        'generic_plan, costs',
      );
      return { role: who, page, count, genericPage };
    },
    db,
  );
}

async function explainAsOwner(db: Db, tenant: BenchTenant) {
  return db.transaction(async (tx) => ({
    page: await explainLines(tx, listPageSql(CONFIG.status, tenant.id), 'analyze, buffers, costs'),
    count: await explainLines(tx, listCountSql(CONFIG.status, tenant.id), 'analyze, buffers, costs'),
  }));
}

// ---------------------------------------------------------------------------------------------
// Output

const ms = (v: number) => v.toFixed(3).padStart(8);
const ratio = (v: number) => `${v.toFixed(2)}x`.padStart(8);

function printReport(report: Report): void {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`AgenticOmni bench — ${report.environment.postgres}`);
  line(`node ${report.environment.node}, ${report.environment.cpus} x ${report.environment.cpuModel}`);
  line(`client: postgres.js, 1 connection, via pglite-socket on loopback (server in the same process)`);
  line();
  line(`Embedded database started and migrated in ${report.setupSeconds.toFixed(1)} s`);
  line(`Data set, generated in ${report.dataset.seconds.toFixed(1)} s:`);
  line(
    '  ' +
      Object.entries(report.dataset.rowCounts)
        .map(([k, v]) => `${k} ${v}`)
        .join(' | '),
  );
  const sizes = report.dataset.tenants.map((t) => t.documents);
  line(`  documents per tenant: min ${Math.min(...sizes)}, max ${Math.max(...sizes)}`);
  line();

  const rt = report.roundTrip;
  line(`Round trip, ${rt.iterations} iterations after ${rt.warmup} warm-up (ms)`);
  line(`  ${'variant'.padEnd(44)}${'mean'.padStart(8)}${'p50'.padStart(8)}${'p95'.padStart(8)}`);
  const rtRow = (label: string, s: Summary) => line(`  ${label.padEnd(44)}${ms(s.mean)}${ms(s.p50)}${ms(s.p95)}`);
  rtRow('select 1, no transaction (1 round trip)', rt.bare);
  rtRow('transaction: select 1 (baseline, 3 trips)', rt.transaction);
  rtRow('withTenant: select 1 (5 trips)', rt.withTenant);
  const r = rt.ratioWithTenantToTransaction;
  line(`  ${'ratio withTenant / baseline'.padEnd(44)}${ratio(r.mean)}${ratio(r.p50)}${ratio(r.p95)}`);
  line(`  withTenant overhead at p50: ${rt.overheadMsP50.toFixed(3)} ms per transaction`);
  line();

  line(`List query: documents where status='${CONFIG.status}' order by created_at desc limit ${CONFIG.pageSize} + count(*),`);
  line(`  ${CONFIG.list.iterations} iterations after ${CONFIG.list.warmup} warm-up per variant (ms)`);
  line(`  "transaction" = BEGIN..COMMIT incl. withTenant setup; "queries" = the two statements only`);
  for (const b of report.list) {
    line();
    line(`  tenant ${b.tenant}: ${b.tenantDocuments} documents, ${b.matching} '${CONFIG.status}', ${b.returned} returned`);
    line(`    ${'variant'.padEnd(40)}${'txn p50'.padStart(9)}${'txn p95'.padStart(9)}${'qry p50'.padStart(9)}${'qry p95'.padStart(9)}`);
    for (const key of Object.keys(LIST_VARIANTS) as ListVariant[]) {
      const v = b.variants[key];
      line(
        `    ${LIST_VARIANTS[key].padEnd(40)} ${ms(v.transaction.p50)} ${ms(v.transaction.p95)} ${ms(v.queries.p50)} ${ms(v.queries.p95)}`,
      );
    }
    const q = b.ratioRlsToOwner;
    line(
      `    ${'ratio RLS / no RLS'.padEnd(40)} ${ratio(q.transactionP50)} ${ratio(q.transactionP95)} ${ratio(q.queriesP50)} ${ratio(q.queriesP95)}`,
    );
  }
  line();

  const e = report.explain;
  line(
    `EXPLAIN as ${e.appRole.role?.role} (superuser ${e.appRole.role?.superuser}, bypassrls ${e.appRole.role?.bypassrls}), tenant ${e.tenant}:`,
  );
  line(`  uses ${INDEX_NAME}: page ${e.usesIndex.page}, count ${e.usesIndex.count}, generic page ${e.usesIndex.genericPage}`);
  const plan = (title: string, lines: string[]) => {
    line(`  -- ${title}`);
    for (const l of lines) line(`  ${l}`);
  };
  plan('page query (custom plan, analyze)', e.appRole.page);
  plan('count query (custom plan, analyze)', e.appRole.count);
  plan('page query (generic plan)', e.appRole.genericPage);
  line();
  line(`Total ${report.totalSeconds.toFixed(1)} s. JSON: ${path.relative(process.cwd(), RESULTS_FILE)}`);
  console.log(out.join('\n'));
}

type Report = Awaited<ReturnType<typeof runBench>>;

async function runBench(db: Db, startedAt: number, setupSeconds: number) {
  const [version] = await db.execute<{ version: string }>(sql`select version()`);
  const dataset = await generateDataset(db, CONFIG);
  const largest = dataset.tenants.reduce((a, b) => (b.documents > a.documents ? b : a));
  const smallest = dataset.tenants.reduce((a, b) => (b.documents < a.documents ? b : a));

  const roundTrip = await benchRoundTrip(db, { tenantId: largest.id, userId: largest.userId });
  const list = [await benchList(db, largest), await benchList(db, smallest)];

  const appRole = await explainAsAppRole(db, largest);
  if (appRole.role?.role !== APP_ROLE) throw new Error(`EXPLAIN ran as ${appRole.role?.role}, not ${APP_ROLE}`);
  const owner = await explainAsOwner(db, largest);
  const mentions = (lines: string[]) => lines.some((l) => l.includes(INDEX_NAME));

  return {
    generatedAt: new Date().toISOString(),
    environment: {
      postgres: (version?.version ?? 'unknown').split(' on ')[0] ?? 'unknown',
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
    },
    config: CONFIG,
    setupSeconds,
    dataset,
    roundTrip,
    list,
    explain: {
      tenant: largest.slug,
      usesIndex: { page: mentions(appRole.page), count: mentions(appRole.count), genericPage: mentions(appRole.genericPage) },
      appRole,
      owner,
    },
    totalSeconds: (performance.now() - startedAt) / 1000,
  };
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  // In-memory (no dataDir): every run starts from an empty, freshly migrated database.
  const embedded = await startEmbeddedDatabase({});
  const client = createClient(embedded.url, 1);
  try {
    await runMigrations(client.db);
    const setupSeconds = (performance.now() - startedAt) / 1000;
    const report = await runBench(client.db, startedAt, setupSeconds);
    mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, JSON.stringify(report, null, 2) + '\n');
    printReport(report);
  } finally {
    await client.sql.end({ timeout: 5 });
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
