/**
 * Usage benchmark (issue 11): the usage pages' queries at 1M usage events over 90 days, beside a
 * plain count(*) over the same events in the same process. The events and their daily rollups are
 * generated in SQL (generate_series), not inserted one by one; the pages read the rollups.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createClient, type Db } from '@/db/client';
import { startEmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { withTenant } from '@/db/tenant';
import { hashPassword } from '@/server/auth/password';
import type { SystemServiceContext } from '@/server/auth/types';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import { listPlatformUsage } from '@/server/usage/platform';
import { interleave, summarize, timed, type Summary } from './stats';

const CONFIG = {
  events: envInt('BENCH_USAGE_EVENTS', 1_000_000),
  tenants: envInt('BENCH_USAGE_TENANTS', 5),
  usersPerTenant: envInt('BENCH_USAGE_USERS', 20),
  days: 90,
  iterations: envInt('BENCH_USAGE_ITERATIONS', 50),
  warmup: 5,
};
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'local-hash-v1', 'claude-3-5-sonnet'];
const RESULTS_FILE = path.join(process.cwd(), 'bench', 'results', 'usage.json');

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

type BenchTenant = { id: string; slug: string };

/** Tenants with users, then the events spread over 90 days, then their rollups, all in SQL. */
async function generate(db: Db) {
  const hash = await hashPassword('bench-password-1');
  const tenants: BenchTenant[] = [];
  const userIds: string[][] = [];
  for (let i = 0; i < CONFIG.tenants; i++) {
    const { tenant, roleIds } = await createTenant(db, { name: `Usage bench ${i}`, slug: `usage-bench-${i}` });
    tenants.push({ id: tenant.id, slug: tenant.slug });
    const ids: string[] = [];
    for (let u = 0; u < CONFIG.usersPerTenant; u++) {
      const user = await createActiveUser(db, {
        tenantId: tenant.id,
        email: `user${u}@usage-bench-${i}.test`,
        fullName: `User ${u}`,
        hashedPassword: hash,
        roleIds: [roleIds.viewer],
      });
      ids.push(user.id);
    }
    userIds.push(ids);
  }
  const tenantArray = sql.raw(`(array[${tenants.map((t) => `'${t.id}'`).join(',')}]::uuid[])`);
  // users[t][u] flattened: user of event g is ((g / tenants) % users) within its tenant.
  const userArray = sql.raw(
    `(array[${userIds
      .flat()
      .map((id) => `'${id}'`)
      .join(',')}]::uuid[])`,
  );
  const modelArray = sql.raw(`(array[${MODELS.map((m) => `'${m}'`).join(',')}])`);
  const minutes = CONFIG.days * 24 * 60;
  // Whole numbers written into the statement: generate_series and the array indexes need integers.
  const T = sql.raw(String(CONFIG.tenants));
  const U = sql.raw(String(CONFIG.usersPerTenant));
  const M = sql.raw(String(MODELS.length));
  const eventsStart = performance.now();
  // Bulk load: the keys come from rows just created, so the per-row foreign-key triggers are
  // skipped (replica mode, one transaction) and the secondary indexes are built once afterwards.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`drop index usage_events_tenant_time_idx`);
    await tx.execute(sql`drop index usage_events_tenant_date_idx`);
    await tx.execute(sql`
    insert into usage_events (tenant_id, user_id, kind, model, occurred_at, local_date, input_tokens, output_tokens,
      cached_tokens, requests, failed, cost_usd)
    select ${tenantArray}[1 + g % ${T}],
      ${userArray}[1 + (g % ${T}) * ${U} + (g / ${T}) % ${U}],
      case when g % 10 = 0 then 'embedding' else 'chat' end,
      ${modelArray}[1 + (g / 7) % ${M}],
      at, (at at time zone 'UTC')::date,
      200 + g % 1800, case when g % 50 = 0 then 0 else 50 + g % 700 end, g % 3 * 100,
      1, g % 50 = 0,
      case when (g / 7) % ${M} = 3 then null else ((200 + g % 1800) * 2.5 + (50 + g % 700) * 10) / 1000000 end
    from generate_series(1, ${sql.raw(String(CONFIG.events))}) g,
      lateral (select now() - ((g::bigint * 7919) % ${sql.raw(String(minutes))}) * interval '1 minute' as at) t`);
    await tx.execute(sql`create index usage_events_tenant_time_idx on usage_events (tenant_id, occurred_at)`);
    await tx.execute(sql`create index usage_events_tenant_date_idx on usage_events (tenant_id, local_date)`);
  });
  const eventsSeconds = (performance.now() - eventsStart) / 1000;
  const rollupStart = performance.now();
  await db.transaction((tx) =>
    tx.execute(sql`
    insert into usage_metrics (tenant_id, date, user_id, api_key_id, kind, model, tokens_in, tokens_out, tokens_cached,
      requests, failed_requests, cost_usd, unpriced_events, events)
    select tenant_id, local_date, user_id, api_key_id, kind, model, sum(input_tokens), sum(output_tokens), sum(cached_tokens),
      sum(requests), count(*) filter (where failed), coalesce(sum(cost_usd), 0), count(*) filter (where cost_usd is null), count(*)
    from usage_events group by tenant_id, local_date, user_id, api_key_id, kind, model`),
  );
  const rollupSeconds = (performance.now() - rollupStart) / 1000;
  await db.execute(sql`analyze usage_events`);
  await db.execute(sql`analyze usage_metrics`);
  const [counts] = await db.execute<{ events: number; rollups: number }>(
    sql`select (select count(*)::int from usage_events) as events, (select count(*)::int from usage_metrics) as rollups`,
  );
  return { tenants, userIds, eventsSeconds, rollupSeconds, counts: counts! };
}

/** A tenant's per-day totals over 90 days, as the Usage page's charts read them (under RLS). */
const perDaySql = (tenantId: string) => sql`
  select date, sum(tokens_in)::bigint as tokens_in, sum(tokens_out)::bigint as tokens_out, sum(requests)::int as requests,
    sum(cost_usd) as cost_usd, sum(unpriced_events)::int as unpriced
  from usage_metrics
  where tenant_id = ${tenantId} and date > (now() at time zone 'UTC')::date - 90
  group by date order by date`;

/** A tenant's breakdown by user over 90 days, with names, the top 20 (the Usage page's table). */
const byUserSql = (tenantId: string) => sql`
  select u.id, u.full_name, sum(m.tokens_in + m.tokens_out)::bigint as tokens, sum(m.requests)::int as requests, sum(m.cost_usd) as cost
  from usage_metrics m join users u on u.tenant_id = m.tenant_id and u.id = m.user_id
  where m.tenant_id = ${tenantId} and m.date > (now() at time zone 'UTC')::date - 90
  group by u.id, u.full_name order by tokens desc limit 20`;

const systemContext = (tx: SystemServiceContext['db']): SystemServiceContext => ({
  db: tx,
  actor: { type: 'system', id: null, label: 'bench' },
  meta: { ip: null, userAgent: null, correlationId: null },
  audited: { count: 0 },
  afterCommit: () => {},
});

async function runBench(db: Db) {
  const started = performance.now();
  const data = await generate(db);
  const tenant = data.tenants[0]!;
  const scope = { tenantId: tenant.id, userId: data.userIds[0]![0]! };
  const samples = await interleave(
    {
      countEvents: () => timed(() => db.execute(sql`select count(*) from usage_events`)),
      perDay: () => timed(() => withTenant(scope, (tx) => tx.execute(perDaySql(tenant.id)), db)),
      byUser: () => timed(() => withTenant(scope, (tx) => tx.execute(byUserSql(tenant.id)), db)),
      crossTenant: () =>
        timed(() =>
          db.transaction((tx) => listPlatformUsage(systemContext(tx), { days: 90, sort: 'tokens', dir: 'desc', page: 1, pageSize: 20 })),
        ),
    },
    CONFIG.iterations,
    CONFIG.warmup,
  );
  const summaries = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v as number[])])) as Record<
    keyof typeof samples,
    Summary
  >;
  return {
    config: CONFIG,
    dataset: { ...data.counts, eventsSeconds: data.eventsSeconds, rollupSeconds: data.rollupSeconds },
    summaries,
    started,
  };
}

const ms = (v: number) => v.toFixed(2).padStart(9);
const ratio = (v: number) => `${v.toFixed(2)}x`.padStart(9);

const LABELS = {
  countEvents: 'baseline: count(*) over usage_events',
  perDay: 'tenant per-day totals, 90 days (RLS)',
  byUser: 'tenant breakdown by user, 90 days (RLS)',
  crossTenant: 'superadmin list across tenants, 90 days',
} as const;

async function main(): Promise<void> {
  const startedAt = performance.now();
  // In-memory (no dataDir): every run starts from an empty, freshly migrated database.
  const embedded = await startEmbeddedDatabase({});
  const client = createClient(embedded.url, 1);
  try {
    await runMigrations(client.db);
    const [version] = await client.db.execute<{ version: string }>(sql`select version()`);
    const report = await runBench(client.db);
    const base = report.summaries.countEvents;
    const out = [
      `AgenticOmni usage bench — ${version?.version ?? 'PostgreSQL'}`,
      `node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}`,
      `${report.dataset.events} usage events over ${CONFIG.days} days for ${CONFIG.tenants} tenants x ${CONFIG.usersPerTenant} users,` +
        ` generated in ${report.dataset.eventsSeconds.toFixed(1)} s; ${report.dataset.rollups} daily rollups in ${report.dataset.rollupSeconds.toFixed(1)} s`,
      '',
      `${CONFIG.iterations} iterations after ${CONFIG.warmup} warm-up, interleaved (ms; ratio to the count(*) baseline)`,
      `  ${'query'.padEnd(42)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p50 ×'.padStart(9)}${'p95 ×'.padStart(9)}`,
      ...(Object.keys(LABELS) as Array<keyof typeof LABELS>).map((k) => {
        const s = report.summaries[k];
        return `  ${LABELS[k].padEnd(42)}${ms(s.p50)}${ms(s.p95)}${ratio(s.p50 / base.p50)}${ratio(s.p95 / base.p95)}`;
      }),
      '',
      `Total ${((performance.now() - startedAt) / 1000).toFixed(1)} s. JSON: ${path.relative(process.cwd(), RESULTS_FILE)}`,
    ];
    mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(
      RESULTS_FILE,
      JSON.stringify({ ...report, environment: { postgres: version?.version, node: process.version } }, null, 2) + '\n',
    );
    console.log(out.join('\n'));
  } finally {
    await client.sql.end({ timeout: 5 });
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
