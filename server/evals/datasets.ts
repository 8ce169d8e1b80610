import 'server-only';
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import {
  chatMessages,
  chatSessions,
  documents,
  messageFeedback,
  ragEvalCases,
  ragEvalDatasets,
  ragEvaluations,
  type EvalCaseSource,
} from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { AppError, badRequest, notFound, uniquely } from '@/server/shared/errors';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import { removeRunReportFiles } from './reports';
import { CsvError, parseCsv, parseJsonl, toCsv, toJsonl, type RawRow } from './dataset-files';
import {
  caseFields,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_CASES,
  type AddFromFeedbackInput,
  type CaseFields,
  type CaseOutput,
  type CreateCaseInput,
  type CreateDatasetInput,
  type DatasetListInput,
  type ExportInput,
  type GetDatasetInput,
  type ImportInput,
  type UpdateCaseInput,
  type UpdateDatasetInput,
} from './datasets-schema';

/**
 * Evaluation datasets and their cases. Every change to a dataset's cases bumps its `version`, so
 * a run records which set of cases it scored. Gold documents must be documents the caller can
 * see (RLS hides restricted ones they may not read, which are then "not found").
 */

const DUPLICATE = 'A dataset with this name already exists.';

const datasetColumns = {
  id: ragEvalDatasets.id,
  name: ragEvalDatasets.name,
  description: ragEvalDatasets.description,
  version: ragEvalDatasets.version,
  createdAt: ragEvalDatasets.createdAt,
  updatedAt: ragEvalDatasets.updatedAt,
  caseCount: sql<number>`(select count(*)::int from rag_eval_cases c where c.tenant_id = rag_eval_datasets.tenant_id and c.dataset_id = rag_eval_datasets.id)`,
};

async function findDataset(ctx: TenantServiceContext, id: string) {
  const [row] = await ctx.db
    .select(datasetColumns)
    .from(ragEvalDatasets)
    .where(and(eq(ragEvalDatasets.tenantId, ctx.tenantId), eq(ragEvalDatasets.id, id)));
  if (!row) notFound('Dataset');
  return row;
}

/** Bumps the dataset's version after a change to its cases; returns the new version. */
async function bumpVersion(ctx: TenantServiceContext, datasetId: string): Promise<number> {
  const [row] = await ctx.db
    .update(ragEvalDatasets)
    .set({ version: sql`${ragEvalDatasets.version} + 1` })
    .where(and(eq(ragEvalDatasets.tenantId, ctx.tenantId), eq(ragEvalDatasets.id, datasetId)))
    .returning({ version: ragEvalDatasets.version });
  return row!.version;
}

type CaseRow = typeof ragEvalCases.$inferSelect;

function caseOf(row: CaseRow): CaseOutput {
  return {
    id: row.id,
    datasetId: row.datasetId,
    question: row.question,
    expectedAnswer: row.expectedAnswer,
    keyFacts: row.keyFacts,
    documents: row.expectedDocumentIds.map((documentId) => ({ documentId, pages: row.expectedPages[documentId] ?? null })),
    source: row.source ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function columnsOf(fields: CaseFields) {
  const pages: Record<string, number[]> = {};
  for (const d of fields.documents) {
    if (d.pages?.length) pages[d.documentId] = [...new Set(d.pages)].sort((a, b) => a - b);
  }
  return {
    question: fields.question,
    expectedAnswer: fields.expectedAnswer,
    keyFacts: fields.keyFacts,
    expectedDocumentIds: fields.documents.map((d) => d.documentId),
    expectedPages: pages,
  };
}

/** The ids among `ids` that are not live documents the caller can see. */
async function unseenDocuments(ctx: TenantServiceContext, ids: string[]): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Set();
  const seen = await ctx.db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), inArray(documents.id, wanted), isNull(documents.deletedAt)));
  const found = new Set(seen.map((d) => d.id));
  return new Set(wanted.filter((id) => !found.has(id)));
}

async function requireDocuments(ctx: TenantServiceContext, fields: CaseFields) {
  const missing = await unseenDocuments(
    ctx,
    fields.documents.map((d) => d.documentId),
  );
  const [first] = missing;
  if (first) throw new AppError('NOT_FOUND', `Document ${first} was not found; pick a document of this workspace you can see.`);
}

export async function listDatasets(ctx: TenantServiceContext, input: DatasetListInput) {
  const where = and(
    eq(ragEvalDatasets.tenantId, ctx.tenantId),
    input.search ? ilike(ragEvalDatasets.name, likePattern(input.search)) : undefined,
  );
  const items = await ctx.db
    .select(datasetColumns)
    .from(ragEvalDatasets)
    .where(where)
    .orderBy(asc(sql`lower(${ragEvalDatasets.name})`), asc(ragEvalDatasets.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(ragEvalDatasets).where(where);
  return { items, total, page: input.page, pageSize: input.pageSize };
}

export async function getDataset(ctx: TenantServiceContext, input: GetDatasetInput) {
  const dataset = await findDataset(ctx, input.id);
  const where = and(
    eq(ragEvalCases.tenantId, ctx.tenantId),
    eq(ragEvalCases.datasetId, input.id),
    input.search ? ilike(ragEvalCases.question, likePattern(input.search)) : undefined,
  );
  const rows = await ctx.db
    .select()
    .from(ragEvalCases)
    .where(where)
    .orderBy(asc(ragEvalCases.seq))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(ragEvalCases).where(where);
  return { ...dataset, cases: { items: rows.map(caseOf), total, page: input.page, pageSize: input.pageSize } };
}

export async function createDataset(ctx: TenantServiceContext, input: CreateDatasetInput) {
  const [row] = await uniquely(
    () =>
      ctx.db
        .insert(ragEvalDatasets)
        .values({ tenantId: ctx.tenantId, name: input.name, description: input.description, createdBy: ctx.userId })
        .returning({ id: ragEvalDatasets.id }),
    DUPLICATE,
  );
  await recordAudit(ctx, { action: 'eval_dataset.create', resourceType: 'rag_eval_dataset', resourceId: row!.id, payload: input });
  return findDataset(ctx, row!.id);
}

export async function updateDataset(ctx: TenantServiceContext, input: UpdateDatasetInput) {
  const before = await findDataset(ctx, input.id);
  const { id, ...patch } = input;
  if (Object.keys(patch).length > 0) {
    await uniquely(
      () =>
        ctx.db
          .update(ragEvalDatasets)
          .set(patch)
          .where(and(eq(ragEvalDatasets.tenantId, ctx.tenantId), eq(ragEvalDatasets.id, id))),
      DUPLICATE,
    );
  }
  await recordAudit(ctx, {
    action: 'eval_dataset.update',
    resourceType: 'rag_eval_dataset',
    resourceId: id,
    payload: { ...patch, previous: { name: before.name, description: before.description } },
  });
  return findDataset(ctx, id);
}

/** Deletes the dataset with its cases and the runs made on it (rows cascade). */
export async function deleteDataset(ctx: TenantServiceContext, input: { id: string }) {
  const dataset = await findDataset(ctx, input.id);
  const active = await ctx.db
    .select({ id: ragEvaluations.id })
    .from(ragEvaluations)
    .where(
      and(
        eq(ragEvaluations.tenantId, ctx.tenantId),
        eq(ragEvaluations.datasetId, input.id),
        inArray(ragEvaluations.status, ['pending', 'running']),
      ),
    );
  if (active.length > 0) throw new AppError('CONFLICT', 'A run of this dataset is in progress. Cancel it first, then delete the dataset.');
  // Its runs go by cascade; their stored reports' files once the deletion has committed.
  const runs = await ctx.db
    .select({ id: ragEvaluations.id })
    .from(ragEvaluations)
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.datasetId, input.id)));
  for (const run of runs) removeRunReportFiles(ctx, run.id);
  await ctx.db.delete(ragEvalDatasets).where(and(eq(ragEvalDatasets.tenantId, ctx.tenantId), eq(ragEvalDatasets.id, input.id)));
  await recordAudit(ctx, {
    action: 'eval_dataset.delete',
    resourceType: 'rag_eval_dataset',
    resourceId: input.id,
    payload: { name: dataset.name, caseCount: dataset.caseCount, version: dataset.version },
  });
  return { id: input.id };
}

async function findCase(ctx: TenantServiceContext, id: string) {
  const [row] = await ctx.db
    .select()
    .from(ragEvalCases)
    .where(and(eq(ragEvalCases.tenantId, ctx.tenantId), eq(ragEvalCases.id, id)));
  if (!row) notFound('Case');
  return row;
}

export async function createCase(ctx: TenantServiceContext, input: CreateCaseInput) {
  await findDataset(ctx, input.datasetId);
  await requireDocuments(ctx, input);
  const [row] = await ctx.db
    .insert(ragEvalCases)
    .values({ tenantId: ctx.tenantId, datasetId: input.datasetId, ...columnsOf(input) })
    .returning();
  const version = await bumpVersion(ctx, input.datasetId);
  await recordAudit(ctx, {
    action: 'eval_case.create',
    resourceType: 'rag_eval_case',
    resourceId: row!.id,
    payload: { datasetId: input.datasetId, version },
  });
  return { case: caseOf(row!), version };
}

export async function updateCase(ctx: TenantServiceContext, input: UpdateCaseInput) {
  const before = await findCase(ctx, input.id);
  await requireDocuments(ctx, input);
  const [row] = await ctx.db
    .update(ragEvalCases)
    .set(columnsOf(input))
    .where(and(eq(ragEvalCases.tenantId, ctx.tenantId), eq(ragEvalCases.id, input.id)))
    .returning();
  const version = await bumpVersion(ctx, before.datasetId);
  await recordAudit(ctx, {
    action: 'eval_case.update',
    resourceType: 'rag_eval_case',
    resourceId: input.id,
    payload: { datasetId: before.datasetId, version, previous: { question: before.question } },
  });
  return { case: caseOf(row!), version };
}

export async function deleteCase(ctx: TenantServiceContext, input: { id: string }) {
  const before = await findCase(ctx, input.id);
  await ctx.db.delete(ragEvalCases).where(and(eq(ragEvalCases.tenantId, ctx.tenantId), eq(ragEvalCases.id, input.id)));
  const version = await bumpVersion(ctx, before.datasetId);
  await recordAudit(ctx, {
    action: 'eval_case.delete',
    resourceType: 'rag_eval_case',
    resourceId: input.id,
    payload: { datasetId: before.datasetId, version, question: before.question },
  });
  return { id: input.id, version };
}

const MAX_LISTED_ERRORS = 10;

/** "Row 3: …" for each of the first errors, and how many more there are. */
function rowErrors(errors: string[]): never {
  const shown = errors.slice(0, MAX_LISTED_ERRORS).join(' ');
  const more = errors.length > MAX_LISTED_ERRORS ? ` And ${errors.length - MAX_LISTED_ERRORS} more.` : '';
  badRequest(`Nothing was imported; fix these rows and import again. ${shown}${more}`);
}

/** Imports every row or none: each row is validated first and errors name their row. */
export async function importCases(ctx: TenantServiceContext, input: ImportInput) {
  const dataset = await findDataset(ctx, input.datasetId);
  if (Buffer.byteLength(input.content, 'utf8') > MAX_IMPORT_BYTES) {
    badRequest('The file is larger than 1 MB; split it into several imports.');
  }
  let raw: RawRow[];
  try {
    raw = input.format === 'csv' ? parseCsv(input.content) : parseJsonl(input.content);
  } catch (error) {
    if (error instanceof CsvError) badRequest(error.message);
    throw error;
  }
  if (raw.length === 0) badRequest('The file holds no cases.');
  if (raw.length > MAX_IMPORT_CASES) {
    badRequest(
      `The file holds ${raw.length.toLocaleString('en')} cases; import at most ${MAX_IMPORT_CASES.toLocaleString('en')} at a time.`,
    );
  }
  const errors: string[] = [];
  const valid: { row: number; fields: CaseFields }[] = [];
  for (const r of raw) {
    if ('error' in r) {
      errors.push(`Row ${r.row}: ${r.error}`);
      continue;
    }
    const parsed = caseFields.safeParse(r.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      errors.push(`Row ${r.row}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
      continue;
    }
    valid.push({ row: r.row, fields: parsed.data });
  }
  const missing = await unseenDocuments(
    ctx,
    valid.flatMap((v) => v.fields.documents.map((d) => d.documentId)),
  );
  for (const v of valid) {
    const gone = v.fields.documents.find((d) => missing.has(d.documentId));
    if (gone) errors.push(`Row ${v.row}: document ${gone.documentId} was not found.`);
  }
  if (errors.length > 0) rowErrors(errors.sort((a, b) => rowNumber(a) - rowNumber(b)));
  const values = valid.map((v) => ({ tenantId: ctx.tenantId, datasetId: input.datasetId, ...columnsOf(v.fields) }));
  // Batches keep each statement's parameter count well under PostgreSQL's limit.
  for (let i = 0; i < values.length; i += 500) await ctx.db.insert(ragEvalCases).values(values.slice(i, i + 500));
  const version = await bumpVersion(ctx, input.datasetId);
  await recordAudit(ctx, {
    action: 'eval_dataset.import',
    resourceType: 'rag_eval_dataset',
    resourceId: input.datasetId,
    payload: { format: input.format, imported: values.length, version, name: dataset.name },
  });
  return { imported: values.length, version };
}

const rowNumber = (error: string) => Number(/^Row (\d+)/.exec(error)?.[1] ?? 0);

export async function exportCases(ctx: TenantServiceContext, input: ExportInput) {
  const dataset = await findDataset(ctx, input.datasetId);
  const rows = await ctx.db
    .select()
    .from(ragEvalCases)
    .where(and(eq(ragEvalCases.tenantId, ctx.tenantId), eq(ragEvalCases.datasetId, input.datasetId)))
    .orderBy(asc(ragEvalCases.seq));
  const cases = rows.map(caseOf);
  const base =
    dataset.name
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'dataset';
  await recordAudit(ctx, {
    action: 'eval_dataset.export',
    resourceType: 'rag_eval_dataset',
    resourceId: input.datasetId,
    payload: { format: input.format, cases: cases.length, version: dataset.version },
  });
  return {
    filename: `${base}-v${dataset.version}.${input.format}`,
    content: input.format === 'csv' ? toCsv(cases) : toJsonl(cases),
  };
}

/**
 * A thumbs-down answer of the caller's own chat becomes a case: the question is the user's
 * message before it; the wrong answer and its citations are kept as the case's source. Chats are
 * private to their user, so someone else's message is "not found" like one of another tenant.
 */
export async function addFromFeedback(ctx: TenantServiceContext, input: AddFromFeedbackInput) {
  if (!ctx.userId) badRequest('Only a workspace user can add an answer of their chats to a dataset.');
  await findDataset(ctx, input.datasetId);
  const [message] = await ctx.db
    .select({
      id: chatMessages.id,
      sessionId: chatMessages.sessionId,
      role: chatMessages.role,
      content: chatMessages.content,
      citations: chatMessages.citations,
      createdAt: chatMessages.createdAt,
      rating: messageFeedback.rating,
      comment: messageFeedback.comment,
    })
    .from(chatMessages)
    .innerJoin(chatSessions, and(eq(chatSessions.tenantId, chatMessages.tenantId), eq(chatSessions.id, chatMessages.sessionId)))
    .leftJoin(
      messageFeedback,
      and(
        eq(messageFeedback.tenantId, chatMessages.tenantId),
        eq(messageFeedback.messageId, chatMessages.id),
        eq(messageFeedback.userId, chatSessions.userId),
      ),
    )
    .where(and(eq(chatMessages.tenantId, ctx.tenantId), eq(chatMessages.id, input.messageId), eq(chatSessions.userId, ctx.userId)));
  if (!message) notFound('Message');
  if (message.role !== 'assistant') badRequest('Only an answer can be added to a dataset; pick the answer you rated.');
  if (message.rating !== 'down') badRequest('Only an answer rated thumbs-down can be added to a dataset.');
  const [asked] = await ctx.db
    .select({ content: chatMessages.content })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.tenantId, ctx.tenantId),
        eq(chatMessages.sessionId, message.sessionId),
        eq(chatMessages.role, 'user'),
        or(
          lt(chatMessages.createdAt, message.createdAt),
          and(eq(chatMessages.createdAt, message.createdAt), lt(chatMessages.id, message.id)),
        ),
      ),
    )
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(1);
  if (!asked?.content.trim()) badRequest('This answer has no question before it in its chat.');
  const source: EvalCaseSource = {
    kind: 'feedback',
    messageId: message.id,
    sessionId: message.sessionId,
    answer: message.content,
    citations: message.citations,
    comment: message.comment ?? null,
  };
  const [row] = await ctx.db
    .insert(ragEvalCases)
    .values({ tenantId: ctx.tenantId, datasetId: input.datasetId, question: asked.content.trim().slice(0, 2000), source })
    .returning();
  const version = await bumpVersion(ctx, input.datasetId);
  await recordAudit(ctx, {
    action: 'eval_case.create_from_feedback',
    resourceType: 'rag_eval_case',
    resourceId: row!.id,
    payload: { datasetId: input.datasetId, messageId: message.id, version },
  });
  return { case: caseOf(row!), version };
}
