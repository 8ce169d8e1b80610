import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ragEvalDatasets, ragEvaluations, ragReports } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import type { TenantServiceContext } from '@/server/auth/types';
import { getStorage } from '@/server/storage';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, withServiceContext, type Fixture } from '@/test/fixtures';
import { fixtureCases, fixtureComparison, fixtureRun } from '@/test/eval-run-fixture';
import { INLINE_REPORT_CSP, handleReportDownload } from './report-request';
import { listRunReports, openRunReport, removeRunReportFiles, reportStorageKey, storeRunReport, type ReportFormat } from './reports';

/**
 * Stored run reports: the file under the tenant's prefix, its rag_reports row and audit entry,
 * opened back by the tenant only, and the download route behind `evals:run`. The runs are rows
 * inserted here (the run engine is tested on its own); their content is the renderers' fixture.
 */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let runA: string;
let keys: { evalsA: string; docsOnlyA: string; evalsB: string };

async function insertRun(f: Fixture): Promise<string> {
  const [dataset] = await t.db
    .insert(ragEvalDatasets)
    .values({ tenantId: f.tenant.id, name: `HR ${randomUUID()}`, createdBy: f.users.admin.id })
    .returning();
  const [run] = await t.db
    .insert(ragEvaluations)
    .values({ tenantId: f.tenant.id, datasetId: dataset!.id, status: 'completed', createdBy: f.users.editor.id })
    .returning();
  return run!.id;
}

/** Runs `fn` as the tenant's editor (who holds evals:run), as a read-only procedure would. */
function asEditor<T>(f: Fixture, fn: (ctx: TenantServiceContext) => Promise<T>): Promise<T> {
  return withServiceContext(t.db, asUser(f, 'editor'), fn, { permission: ['evals:run'] });
}

function store(f: Fixture, evaluationId: string, format: ReportFormat) {
  return withServiceContext(
    t.db,
    asUser(f, 'editor'),
    (ctx) =>
      storeRunReport(ctx, {
        evaluationId,
        format,
        run: fixtureRun({ id: evaluationId }),
        cases: fixtureCases(),
        workspace: f.tenant.name,
        comparison: format === 'html' ? fixtureComparison() : null,
      }),
    { permission: ['evals:run'], mutation: true },
  );
}

const download = (key: string, id: string, query = '') =>
  handleReportDownload(
    new Request(`http://localhost/api/evaluations/reports/${id}${query}`, { headers: { authorization: `Bearer ${key}` } }),
    id,
  );

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  runA = await insertRun(a);
  const key = async (f: Fixture, scopes: Array<'documents:read' | 'evals:run'>) =>
    (await callerFor(t.db, asUser(f, 'admin')).apiKeys.create({ name: `key ${scopes.join(' ')}`, scopes, expiresInDays: 30 })).key;
  keys = { evalsA: await key(a, ['evals:run']), docsOnlyA: await key(a, ['documents:read']), evalsB: await key(b, ['evals:run']) };
});
afterAll(async () => {
  await t?.stop();
});

describe('storeRunReport', () => {
  it('stores each format under the tenant prefix with its row and audit entry, and opens it back', async () => {
    for (const format of ['csv', 'json', 'html'] as const) {
      const stored = await store(a, runA, format);
      expect(stored).toMatchObject({ format, url: `/api/evaluations/reports/${stored.reportId}` });
      expect(stored.filename).toBe(`evaluation-hr-questions-top-k-10-20261130-0902.${format}`);

      const [row] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
        tx.select().from(ragReports).where(eq(ragReports.id, stored.reportId)),
      );
      expect(row).toMatchObject({
        tenantId: a.tenant.id,
        evaluationId: runA,
        format,
        storageKey: reportStorageKey(a.tenant.id, runA, stored.reportId, format),
        filename: stored.filename,
        sizeBytes: stored.sizeBytes,
        createdBy: a.users.editor.id,
      });
      expect(row!.storageKey.startsWith(`${a.tenant.id}/evaluations/${runA}/`)).toBe(true);
      expect(await lastAuditEntry(a, 'evaluation.report.create')).toMatchObject({
        status: 'success',
        resourceType: 'rag_report',
        resourceId: stored.reportId,
        payload: { evaluationId: runA, format, sizeBytes: stored.sizeBytes, sha256: row!.sha256 },
      });

      const opened = await asEditor(a, (ctx) => openRunReport(ctx, stored.reportId));
      expect(opened).toMatchObject({ filename: stored.filename, format });
      expect(opened.body.length).toBe(stored.sizeBytes);
      const text = opened.body.toString('utf8');
      if (format === 'csv') expect((parse(text) as string[][]).map((r) => r[0])).toEqual(['Seq', '1', '2', '3']);
      if (format === 'json') expect(JSON.parse(text)).toMatchObject({ format: 'agenticomni.evaluation-run', run: { id: runA } });
      if (format === 'html') expect(text).toContain('id="comparison"');
    }
  });

  it('refuses a run of another tenant as not found, and stores nothing', async () => {
    const runB = await insertRun(b);
    await expect(store(a, runB, 'csv')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That evaluation run was not found.' });
    expect(await getStorage().removePrefix(`${a.tenant.id}/evaluations/${runB}/`)).toBe(0);
    const rowsOfB = await withTenant({ tenantId: b.tenant.id }, (tx) =>
      tx.select().from(ragReports).where(eq(ragReports.tenantId, b.tenant.id)),
    );
    expect(rowsOfB).toHaveLength(0);
  });

  it('removes the stored file when recording the report fails', async () => {
    const run = await insertRun(a);
    // The insert of the row fails (as a lost connection or a constraint would): the file must go.
    await t.db.execute(
      sql`create function test_refuse_report() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`,
    );
    await t.db.execute(
      sql`create trigger test_refuse_report before insert on rag_reports for each row execute function test_refuse_report()`,
    );
    try {
      await expect(store(a, run, 'html')).rejects.toThrow();
    } finally {
      await t.db.execute(sql`drop trigger test_refuse_report on rag_reports`);
      await t.db.execute(sql`drop function test_refuse_report()`);
    }
    expect(await getStorage().removePrefix(`${a.tenant.id}/evaluations/${run}/`)).toBe(0);
    const rows = await withTenant({ tenantId: a.tenant.id }, (tx) => tx.select().from(ragReports).where(eq(ragReports.evaluationId, run)));
    expect(rows).toHaveLength(0);
    expect((await store(a, run, 'csv')).sizeBytes).toBeGreaterThan(0);
    expect(await getStorage().removePrefix(`${a.tenant.id}/evaluations/${run}/`)).toBe(1);
  });
});

describe('listRunReports', () => {
  it("lists a run's reports newest first, and nothing of another tenant's run", async () => {
    const run = await insertRun(a);
    const csv = await store(a, run, 'csv');
    const html = await store(a, run, 'html');
    const listed = await asEditor(a, (ctx) => listRunReports(ctx, run));
    expect(listed.map((r) => [r.id, r.format, r.url]).sort()).toEqual(
      [
        [html.reportId, 'html', html.url],
        [csv.reportId, 'csv', csv.url],
      ].sort(),
    );
    expect(listed[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(listed[1]!.createdAt.getTime());
    expect(listed.find((r) => r.id === html.reportId)).toMatchObject({ filename: html.filename, sizeBytes: html.sizeBytes });
    expect(await asEditor(b, (ctx) => listRunReports(ctx, run))).toEqual([]);
  });
});

describe('removeRunReportFiles', () => {
  it("removes a deleted run's report files once the deletion commits, and keeps them when it rolls back", async () => {
    const run = await insertRun(a);
    const stored = await store(a, run, 'json');
    const deleteRun = (fail: boolean) =>
      asEditor(a, async (ctx) => {
        await ctx.db.delete(ragEvaluations).where(eq(ragEvaluations.id, run));
        removeRunReportFiles(ctx, run);
        if (fail) throw new Error('rolled back');
      });
    await expect(deleteRun(true)).rejects.toThrow('rolled back');
    expect((await asEditor(a, (ctx) => openRunReport(ctx, stored.reportId))).body.length).toBe(stored.sizeBytes);
    await deleteRun(false);
    await expect(getStorage().get(reportStorageKey(a.tenant.id, run, stored.reportId, 'json'))).rejects.toThrow();
    await expect(asEditor(a, (ctx) => openRunReport(ctx, stored.reportId))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('openRunReport', () => {
  it("answers another tenant's report, an unknown id and a non-id alike: not found", async () => {
    const stored = await store(a, runA, 'json');
    const refusals = await Promise.all(
      [stored.reportId, '7d1f8f6e-0000-4000-8000-000000000000', '../../etc/passwd'].map((id) =>
        asEditor(b, (ctx) => openRunReport(ctx, id)).then(
          () => 'opened',
          (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
        ),
      ),
    );
    expect(refusals).toEqual([
      'NOT_FOUND: That report was not found.',
      'NOT_FOUND: That report was not found.',
      'NOT_FOUND: That report was not found.',
    ]);
  });

  it('refuses a stored file that is not the one that was made', async () => {
    const stored = await store(a, runA, 'csv');
    await getStorage().put(reportStorageKey(a.tenant.id, runA, stored.reportId, 'csv'), Buffer.from('Seq\r\n=evil()\r\n'));
    await expect(asEditor(a, (ctx) => openRunReport(ctx, stored.reportId))).rejects.toMatchObject({ code: 'CONFLICT' });
    await getStorage().remove(reportStorageKey(a.tenant.id, runA, stored.reportId, 'csv'));
    await expect(asEditor(a, (ctx) => openRunReport(ctx, stored.reportId))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "The report's file is missing from storage; export the run again.",
    });
  });
});

describe('GET /api/evaluations/reports/:id', () => {
  it('sends a report as an attachment with its type, and opens an HTML report in the tab under a CSP without script', async () => {
    const csv = await store(a, runA, 'csv');
    const response = await download(keys.evalsA, csv.reportId);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${csv.filename}"; filename*=UTF-8''${csv.filename}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    expect((await response.text()).startsWith('Seq,Question,')).toBe(true);
    // inline=1 means nothing for a CSV: still a download.
    expect((await download(keys.evalsA, csv.reportId, '?inline=1')).headers.get('content-disposition')).toMatch(/^attachment;/);

    const html = await store(a, runA, 'html');
    const attached = await download(keys.evalsA, html.reportId);
    expect(attached.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(attached.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(attached.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    const inline = await download(keys.evalsA, html.reportId, '?inline=1');
    expect(inline.status).toBe(200);
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename=/);
    expect(inline.headers.get('content-security-policy')).toBe(INLINE_REPORT_CSP);
    expect(INLINE_REPORT_CSP).toContain("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(await inline.text()).toContain('<!doctype html>');

    const json = await store(a, runA, 'json');
    expect((await download(keys.evalsA, json.reportId)).headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('refuses a key without evals:run (audited), and answers another tenant with 404 like an unknown id', async () => {
    const stored = await store(a, runA, 'html');
    const refused = await download(keys.docsOnlyA, stored.reportId);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'You need the “Run evaluations” (evals:run) permission for this.' });
    expect(await lastAuditEntry(a, 'evaluation.report.download')).toMatchObject({
      status: 'denied',
      payload: { missingPermission: 'evals:run' },
    });

    const otherTenant = await download(keys.evalsB, stored.reportId);
    const unknown = await download(keys.evalsB, '7d1f8f6e-0000-4000-8000-000000000000');
    expect([otherTenant.status, await otherTenant.json()]).toEqual([404, { error: 'That report was not found.' }]);
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'That report was not found.' }]);
  });
});
