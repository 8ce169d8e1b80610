import 'server-only';
import { parseArgs } from 'node:util';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ragEvalDatasets, tenants, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { runInTenant } from '@/server/auth/boundary';
import { resolvePrincipal } from '@/server/auth/principal';
import { tenantScopeOf, type TenantScopeOf } from '@/server/auth/scope';
import { Worker } from '@/server/jobs/worker';
import { AppError } from '@/server/shared/errors';
import { CASE_METRICS, type CaseMetricName } from './metrics';
import { evalRunHandler } from './run-job';
import { compareRunsFor, createRun, getRun } from './runs';
import type { CompareOutput, RunDetailOutput } from './runs-schema';

export const EVAL_USAGE = `Usage: npm run eval -- --tenant <slug> --dataset <name> [options]

Runs an evaluation dataset of a workspace, prints its metrics and, against a baseline, what changed.

Options:
  --tenant <slug>         the workspace (required)
  --dataset <name>        the dataset's name (required)
  --as <email>            run as this member (default: the workspace's first admin who may run evaluations)
  --name <label>          a name for the run (default: "command line")
  --baseline <run id>     compare with this run (default: the dataset's approved baseline, if any)
  --fail-on-regression    exit 1 when a metric is significantly worse than the baseline (95% interval)
  --help                  this text

Exit codes: 0 done (and no regression when asked), 1 regression, 2 the run could not be made or failed.`;

export type EvalCliOptions = {
  tenant: string;
  dataset: string;
  as: string | null;
  name: string;
  baseline: string | null;
  failOnRegression: boolean;
};

export type ParsedArgs = { ok: true; options: EvalCliOptions } | { ok: false; message: string; help?: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseEvalArgs(argv: string[]): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        tenant: { type: 'string' },
        dataset: { type: 'string' },
        as: { type: 'string' },
        name: { type: 'string' },
        baseline: { type: 'string' },
        'fail-on-regression': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { ok: false, message: EVAL_USAGE, help: true };
  const tenant = values.tenant?.trim();
  const dataset = values.dataset?.trim();
  if (!tenant) return { ok: false, message: 'Name the workspace with --tenant <slug>.' };
  if (!dataset) return { ok: false, message: 'Name the dataset with --dataset <name>.' };
  const baseline = values.baseline?.trim() || null;
  if (baseline && !UUID.test(baseline)) return { ok: false, message: `--baseline takes a run id (a UUID), not “${baseline}”.` };
  return {
    ok: true,
    options: {
      tenant,
      dataset,
      as: values.as?.trim() || null,
      name: values.name?.trim() || 'command line',
      baseline,
      failOnRegression: values['fail-on-regression'],
    },
  };
}

class CliError extends Error {}

const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} pt`);

/** The member a command-line run acts as: the one named, or the first admin allowed to run evaluations. */
async function runnerScope(db: Db, tenantId: string, email: string | null): Promise<TenantScopeOf> {
  const candidates = await withTenant(
    { tenantId },
    (tx) =>
      tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(
          and(
            eq(users.tenantId, tenantId),
            eq(users.status, 'active'),
            email ? sql`lower(${users.email}) = lower(${email})` : undefined,
            sql`exists (select 1 from user_roles ur join role_permissions rp on rp.tenant_id = ur.tenant_id and rp.role_id = ur.role_id
              where ur.tenant_id = ${tenantId} and ur.user_id = ${users.id} and rp.permission = 'evals:run')`,
          ),
        )
        .orderBy(
          sql`exists (select 1 from user_roles ur join role_permissions rp on rp.tenant_id = ur.tenant_id and rp.role_id = ur.role_id
              where ur.tenant_id = ${tenantId} and ur.user_id = ${users.id} and rp.permission = 'users:manage') desc`,
          asc(users.createdAt),
        )
        .limit(1),
    db,
  );
  const user = candidates[0];
  if (!user) {
    throw new CliError(
      email
        ? `${email} is not an active member of this workspace who may run evaluations.`
        : 'No active member of this workspace may run evaluations.',
    );
  }
  const resolution = await resolvePrincipal(db, { kind: 'user', id: user.id, tenantId });
  const scope = resolution.ok ? tenantScopeOf(resolution.principal) : null;
  if (!scope) throw new CliError(`${user.email} cannot act in this workspace now.`);
  return scope;
}

function printSummary(run: RunDetailOutput, log: (line: string) => void) {
  const s = run.summary;
  if (!s) return;
  log(`Cases: ${s.cases} · passing ${s.passing} · errors ${s.errors} · abstained ${s.abstained}`);
  for (const [name, def] of Object.entries(CASE_METRICS)) {
    const m = s.metrics[name];
    if (!m || m.n === 0) continue;
    log(`  ${def.label.padEnd(20)} ${percent(m.mean).padStart(7)}  (n = ${m.n})`);
  }
  const latency = (v: number | null) => (v === null ? '—' : `${(v / 1000).toFixed(2)} s`);
  log(`  ${'Latency p50 / p95'.padEnd(20)} ${latency(s.latencyMs.p50)} / ${latency(s.latencyMs.p95)}`);
  log(`  ${'Tokens'.padEnd(20)} ${s.tokens.total}   Cost $${s.costUsd.total.toFixed(4)}`);
}

function printComparison(c: CompareOutput, log: (line: string) => void): CaseMetricName[] {
  log(`Compared with ${c.baseline.name ?? 'run'} (${c.baseline.id}) over ${c.paired} paired cases:`);
  for (const change of c.changes) log(`  changed: ${change.field}: ${change.baseline} → ${change.candidate}`);
  const worse: CaseMetricName[] = [];
  for (const [name, m] of Object.entries(c.metrics)) {
    const def = CASE_METRICS[name as CaseMetricName];
    const interval = m.low === null || m.high === null ? '' : ` [${signed(m.low)}, ${signed(m.high)}]`;
    const verdict = m.verdict === 'no-difference' ? 'no significant difference' : m.verdict.toUpperCase();
    log(
      `  ${def.label.padEnd(20)} ${percent(m.baselineMean).padStart(7)} → ${percent(m.candidateMean).padStart(7)}  ${signed(m.delta)}${interval}  ${verdict}`,
    );
    if (m.verdict === 'worse') worse.push(name as CaseMetricName);
  }
  log(`Newly failing: ${c.counts.newlyFailing} · newly passing: ${c.counts.newlyPassing}`);
  for (const item of c.cases.items.filter((i) => i.change === 'newlyFailing')) log(`  ✗ #${item.seq} ${item.question}`);
  return worse;
}

/**
 * `npm run eval`: starts a run as a member of the workspace, works its job here (any other worker
 * of the same database may take it too), prints the metrics and the comparison with the baseline.
 * Returns the exit code.
 */
export async function runEvalCli(db: Db, options: EvalCliOptions, log: (line: string) => void, pollMs = 500): Promise<number> {
  try {
    const [tenant] = await db.select({ id: tenants.id, status: tenants.status }).from(tenants).where(eq(tenants.slug, options.tenant));
    if (!tenant || tenant.status === 'deleted') throw new CliError(`No workspace has the slug “${options.tenant}”.`);
    const scope = await runnerScope(db, tenant.id, options.as);
    const meta = { ip: null, userAgent: 'npm run eval', correlationId: null };
    const inTenant = <T>(action: string, mutation: boolean, fn: Parameters<typeof runInTenant<T>>[2]) =>
      runInTenant(scope, { rootDb: db, meta, action, mutation }, fn);

    const dataset = await inTenant('evaluation.cli.dataset', false, async (ctx) => {
      const [row] = await ctx.db
        .select({ id: ragEvalDatasets.id })
        .from(ragEvalDatasets)
        .where(and(eq(ragEvalDatasets.tenantId, ctx.tenantId), eq(ragEvalDatasets.name, options.dataset)));
      if (row) return row;
      const names = await ctx.db
        .select({ name: ragEvalDatasets.name })
        .from(ragEvalDatasets)
        .where(eq(ragEvalDatasets.tenantId, ctx.tenantId));
      throw new CliError(
        `No dataset is named “${options.dataset}” in ${options.tenant}. ${names.length ? `Datasets: ${names.map((n) => n.name).join(', ')}.` : 'It has none yet.'}`,
      );
    });
    const started = await inTenant('evaluations.create', true, (ctx) =>
      createRun(ctx, { datasetId: dataset.id, name: options.name, collectionIds: [], judge: false }),
    );
    log(`Run ${started.id} of “${options.dataset}” (${started.progress.total} cases) as ${scope.actor.label}.`);

    const worker = new Worker({ db, handlers: { eval_run: evalRunHandler } });
    let run = await inTenant('evaluations.get', false, (ctx) => getRun(ctx, { id: started.id }));
    let reported = -1;
    while (run.status === 'pending' || run.status === 'running') {
      const worked = await worker.runOnce();
      if (!worked) await new Promise((resolve) => setTimeout(resolve, pollMs));
      run = await inTenant('evaluations.get', false, (ctx) => getRun(ctx, { id: started.id }));
      if (run.progress.done !== reported) {
        reported = run.progress.done;
        log(`  ${run.progress.done} of ${run.progress.total} cases${run.progress.errors ? ` (${run.progress.errors} errors)` : ''}`);
      }
    }
    if (run.status !== 'completed') {
      log(`The run ${run.status}${run.error ? `: ${run.error}` : '.'}`);
      return 2;
    }
    printSummary(run, log);

    const baselineId = options.baseline ?? run.baselineId;
    if (!baselineId) {
      log('No baseline to compare with: approve a run as the baseline in the console, or pass --baseline <run id>.');
      return 0;
    }
    const comparison = await inTenant('evaluations.compare', false, (ctx) =>
      compareRunsFor(ctx, { baselineId, candidateId: run.id, page: 1, pageSize: 100, cases: 'newlyFailing' }),
    );
    const worse = printComparison(comparison, log);
    if (options.failOnRegression && worse.length > 0) {
      log(`Regression: ${worse.map((m) => CASE_METRICS[m].label).join(', ')} significantly worse than the baseline.`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof AppError) {
      log(error.message);
      return 2;
    }
    throw error;
  }
}
