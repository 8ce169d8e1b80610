import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { ragEvaluations, ragReports } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { AppError, badRequest, notFound } from '@/server/shared/errors';
import { getStorage } from '@/server/storage';
import { runReportCsv } from './report/csv';
import { runReportHtml } from './report/html';
import { runReportJson } from './report/json';
import type { CaseResultOutput, CompareOutput, RunOutput } from './runs-schema';

/**
 * A run's reports (issue 13): rendered once, stored under the tenant's storage prefix (so the
 * tenant's purge and the retention of evaluation runs remove them), one `rag_reports` row each,
 * and served by GET /api/evaluations/reports/:id to people holding `evals:run` in the tenant.
 */

export const REPORT_FORMATS = ['csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat | 'pdf', string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

export type StoreRunReportInput = {
  evaluationId: string;
  format: ReportFormat;
  run: RunOutput;
  cases: CaseResultOutput[];
  /** The workspace's name, printed in the HTML report. */
  workspace: string;
  /** The run compared with its baseline, for the HTML report. */
  comparison?: CompareOutput | null;
};

export type StoredReport = { reportId: string; format: ReportFormat; url: string; filename: string; sizeBytes: number };

export function reportStorageKey(tenantId: string, evaluationId: string, reportId: string, format: string): string {
  return `${tenantId}/evaluations/${evaluationId}/${reportId}.${format}`;
}

export function reportUrl(reportId: string): string {
  return `/api/evaluations/reports/${reportId}`;
}

/** Lowercase ASCII words joined by hyphens, for a filename that survives every file system. */
function slug(text: string, max: number): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max)
      .replace(/-+$/, '') || 'run'
  );
}

/** `evaluation-hr-questions-top-k-10-20261130-0902.html`: dataset, run, and when the run finished (UTC). */
export function reportFilename(run: RunOutput, format: ReportFormat): string {
  const when = (run.finishedAt ?? run.startedAt ?? run.createdAt).toISOString();
  const stamp = `${when.slice(0, 10).replace(/-/g, '')}-${when.slice(11, 16).replace(':', '')}`;
  const name = run.name ? slug(run.name, 40) : run.id.slice(0, 8);
  return `evaluation-${slug(run.datasetName, 40)}-${name}-${stamp}.${format}`;
}

function render(input: StoreRunReportInput, generatedAt: Date): string {
  switch (input.format) {
    case 'csv':
      return runReportCsv(input.run, input.cases);
    case 'json':
      return runReportJson(input.run, input.cases, { generatedAt });
    case 'html':
      return runReportHtml(input.run, input.cases, { workspace: input.workspace, generatedAt, comparison: input.comparison ?? null });
  }
}

/**
 * Renders the run in `format`, stores the file and records it (row and audit entry) in the
 * request's transaction. The file is removed again when recording fails, so a refused or failed
 * export leaves nothing behind.
 */
export async function storeRunReport(ctx: TenantServiceContext, input: StoreRunReportInput): Promise<StoredReport> {
  if (!(REPORT_FORMATS as readonly string[]).includes(input.format)) {
    badRequest(`Reports come as ${REPORT_FORMATS.join(', ')}; "${input.format}" is not one of them.`);
  }
  if (input.run.id !== input.evaluationId) badRequest('The run given is not the evaluation run to report on.');
  const [evaluation] = await ctx.db
    .select({ id: ragEvaluations.id })
    .from(ragEvaluations)
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, input.evaluationId)));
  if (!evaluation) notFound('That evaluation run');

  const generatedAt = new Date();
  const body = Buffer.from(render(input, generatedAt), 'utf8');
  const sha256 = createHash('sha256').update(body).digest('hex');
  const reportId = randomUUID();
  const storageKey = reportStorageKey(ctx.tenantId, input.evaluationId, reportId, input.format);
  const filename = reportFilename(input.run, input.format);
  const storage = getStorage();
  await storage.put(storageKey, body);
  try {
    await ctx.db.insert(ragReports).values({
      id: reportId,
      tenantId: ctx.tenantId,
      evaluationId: input.evaluationId,
      format: input.format,
      storageKey,
      filename,
      sizeBytes: body.length,
      sha256,
      createdBy: ctx.userId,
      createdAt: generatedAt,
    });
    await recordAudit(ctx, {
      action: 'evaluation.report.create',
      resourceType: 'rag_report',
      resourceId: reportId,
      payload: { evaluationId: input.evaluationId, format: input.format, sizeBytes: body.length, sha256 },
    });
  } catch (error) {
    // The transaction rolls back: the stored file must not outlive it.
    await storage.remove(storageKey).catch(() => {});
    throw error;
  }
  return { reportId, format: input.format, url: reportUrl(reportId), filename, sizeBytes: body.length };
}

/** A run's stored reports, newest first, as the run page lists them (`RunDetailOutput.reports`). */
export async function listRunReports(
  ctx: TenantServiceContext,
  evaluationId: string,
): Promise<{ id: string; format: ReportFormat; createdAt: Date; filename: string; sizeBytes: number; url: string }[]> {
  const rows = await ctx.db
    .select({
      id: ragReports.id,
      format: ragReports.format,
      createdAt: ragReports.createdAt,
      filename: ragReports.filename,
      sizeBytes: ragReports.sizeBytes,
    })
    .from(ragReports)
    .where(
      and(
        eq(ragReports.tenantId, ctx.tenantId),
        eq(ragReports.evaluationId, evaluationId),
        inArray(ragReports.format, [...REPORT_FORMATS]),
      ),
    )
    .orderBy(desc(ragReports.createdAt), desc(ragReports.id));
  return rows.map((r) => ({ ...r, format: r.format as ReportFormat, url: reportUrl(r.id) }));
}

/**
 * For deleting a run: its reports' rows go by cascade, their files here once the deletion has
 * committed (a rolled-back deletion keeps them).
 */
export function removeRunReportFiles(ctx: Pick<TenantServiceContext, 'tenantId' | 'afterCommit'>, evaluationId: string): void {
  ctx.afterCommit(() => getStorage().removePrefix(`${ctx.tenantId}/evaluations/${evaluationId}/`));
}

export type OpenedReport = { filename: string; format: ReportFormat | 'pdf'; contentType: string; body: Buffer };

/**
 * A stored report of the tenant, checked against the hash it was stored with. Any other id
 * (another tenant's, a deleted run's, not an id at all) is NOT_FOUND, so nobody learns that it exists.
 */
export async function openRunReport(ctx: TenantServiceContext, reportId: string): Promise<OpenedReport> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reportId)) notFound('That report');
  const [row] = await ctx.db
    .select({ format: ragReports.format, storageKey: ragReports.storageKey, filename: ragReports.filename, sha256: ragReports.sha256 })
    .from(ragReports)
    .where(and(eq(ragReports.tenantId, ctx.tenantId), eq(ragReports.id, reportId)));
  if (!row) notFound('That report');
  const bytes = await getStorage()
    .get(row.storageKey)
    .catch(() => null);
  if (!bytes) throw new AppError('NOT_FOUND', "The report's file is missing from storage; export the run again.");
  const body = Buffer.from(bytes);
  if (createHash('sha256').update(body).digest('hex') !== row.sha256) {
    throw new AppError('CONFLICT', 'The stored report is not the one that was made; export the run again.');
  }
  return { filename: row.filename, format: row.format, contentType: REPORT_CONTENT_TYPES[row.format], body };
}
