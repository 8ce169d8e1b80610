import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { documentChunks, documents, type FileType } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { activeEmbedder, buildingEmbedder, embedChecked, insertVectors, liveEmbedders, providerFor } from '@/server/embeddings/registry';
import { JobError, type JobContext, type JobHandler } from '@/server/jobs/worker';
import { getStorage } from '@/server/storage';
import { recordUsage } from '@/server/usage/meter';
import { chunkDocument, chunkEmbeddingText, countTokens } from './chunk';
import { applyOcrText, extractDocument, isExtractionError, type ExtractedDocument } from './extract';
import { OcrEngineError, ocrImage, ocrPdfPages } from './extract/ocr';

const EMBED_BATCH = 32;
const INSERT_BATCH = 100;
/** The model name OCR usage is recorded under (priced by the `tesseract*` pattern). */
const OCR_MODEL = 'tesseract';

/** System work inside one tenant: RLS still scopes it, and restricted documents are in reach. */
const scopeOf = (tenantId: string) => ({ tenantId, seeRestricted: true });

async function loadDocument(db: Db, tenantId: string, documentId: string) {
  return withTenant(
    scopeOf(tenantId),
    async (tx) => {
      const [doc] = await tx
        .update(documents)
        .set({ status: 'processing', error: null })
        .where(and(eq(documents.tenantId, tenantId), eq(documents.id, documentId)))
        .returning();
      return doc;
    },
    db,
  );
}

/** OCR for images and for PDF pages without a text layer; reported as its own stage. */
async function runOcr(ctx: JobContext, bytes: Uint8Array, fileType: FileType, doc: ExtractedDocument) {
  if (doc.needsOcr.length === 0) return doc;
  await ctx.progress({ stage: 'ocr', percent: 20, message: `Reading ${doc.needsOcr.length} page(s) with OCR` });
  let result = doc;
  if (fileType === 'png' || fileType === 'jpeg') {
    const { text } = await ocrImage(bytes, { signal: ctx.signal });
    result = applyOcrText(result, 1, text);
  } else if (fileType === 'pdf') {
    const pages = await ocrPdfPages(bytes, doc.needsOcr, {
      signal: ctx.signal,
      onProgress: (fraction) => void ctx.progress({ stage: 'ocr', percent: 20 + Math.round(fraction * 20) }),
    });
    for (const page of pages) result = applyOcrText(result, page.page, page.text);
  }
  return result;
}

/**
 * extract → (ocr) → chunk → embed → index. Long work happens outside any transaction (the
 * embedded database has one connection); the chunks replace the document's previous ones in one
 * short transaction at the end, so a re-run is idempotent.
 */
async function run(ctx: JobContext) {
  const { job, db, signal } = ctx;
  if (!job.documentId) return; // The document was deleted before its turn came.
  const doc = await loadDocument(db, job.tenantId, job.documentId);
  if (!doc) return;
  await ctx.progress({ stage: 'extract', percent: 5 });
  const bytes = await getStorage()
    .get(doc.storageKey)
    .catch(() => {
      throw new JobError('The uploaded file is missing from storage. Upload it again.');
    });
  let extracted: ExtractedDocument;
  // The pages that had no text of their own (OCR fills them in, and empties needsOcr).
  let ocrPages: number[] = [];
  try {
    extracted = await extractDocument(bytes, doc.fileType as FileType, {
      signal,
      onProgress: (fraction) => void ctx.progress({ stage: 'extract', percent: 5 + Math.round(fraction * 15) }),
    });
    ocrPages = extracted.needsOcr;
    extracted = await runOcr(ctx, bytes, doc.fileType as FileType, extracted);
  } catch (error) {
    if (isExtractionError(error)) throw new JobError(error.userMessage, false);
    if (error instanceof OcrEngineError) throw new JobError(error.message, true, { cause: error.cause });
    throw error;
  }
  await ctx.progress({ stage: 'chunk', percent: 45 });
  const chunks = chunkDocument(extracted);
  if (chunks.length === 0) {
    throw new JobError(ocrPages.length > 0 ? 'No readable text was found, even with OCR.' : 'This document contains no text.');
  }
  // The active embedder, and the one being built while the workspace re-embeds, so a document
  // that arrives meanwhile is not missing from either.
  const targets = await withTenant(
    scopeOf(job.tenantId),
    async (tx) => [await activeEmbedder(tx, job.tenantId), await buildingEmbedder(tx, job.tenantId)].filter((e) => e !== null),
    db,
  );
  const texts = chunks.map(chunkEmbeddingText);
  const embedTokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
  const embedded: Array<{ id: string; model: string; dims: number; vectors: number[][]; calls: number }> = [];
  const steps = targets.length * Math.ceil(chunks.length / EMBED_BATCH);
  let step = 0;
  for (const target of targets) {
    const provider = providerFor(target);
    const vectors: number[][] = [];
    let calls = 0;
    for (let i = 0; i < texts.length; i += EMBED_BATCH) {
      signal.throwIfAborted();
      vectors.push(...(await embedChecked(provider, texts.slice(i, i + EMBED_BATCH), target.dims)));
      calls += 1;
      await ctx.progress({ stage: 'embed', percent: 50 + Math.round((40 * ++step) / steps) });
    }
    embedded.push({ id: target.id, model: provider.model, dims: target.dims ?? vectors[0]!.length, vectors, calls });
  }
  await ctx.progress({ stage: 'index', percent: 92 });
  signal.throwIfAborted();
  await withTenant(
    scopeOf(job.tenantId),
    async (tx) => {
      // Only the worker that still holds the job may replace the chunks (a stalled one may not).
      await ctx.fence(tx);
      const [still] = await tx
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.tenantId, job.tenantId), eq(documents.id, doc.id)))
        .for('update');
      if (!still) return; // Deleted while we worked: nothing to index.
      // Locked against a switch: if the active embedder changed while we embedded, its vectors
      // for this document are missing; the retry embeds with the new one.
      const live = new Set(
        (
          await liveEmbedders(
            tx,
            job.tenantId,
            embedded.map((e) => e.id),
          )
        ).map((e) => e.id),
      );
      const active = await activeEmbedder(tx, job.tenantId);
      if (!live.has(active.id))
        throw new JobError('The workspace’s embedder changed while this document was processed; it will be processed again.');
      await tx.delete(documentChunks).where(and(eq(documentChunks.tenantId, job.tenantId), eq(documentChunks.documentId, doc.id)));
      // RETURNING promises no order: vectors are matched to chunks by their index.
      const position = new Map(chunks.map((c, k) => [c.index, k]));
      const chunkIds: string[] = [];
      for (let i = 0; i < chunks.length; i += INSERT_BATCH) {
        const inserted = await tx
          .insert(documentChunks)
          .values(
            chunks.slice(i, i + INSERT_BATCH).map((c) => ({
              tenantId: job.tenantId,
              documentId: doc.id,
              chunkIndex: c.index,
              content: c.content,
              tokenCount: c.tokenCount,
              pageFrom: c.pageFrom,
              pageTo: c.pageTo,
              section: c.section,
              charStart: c.charStart,
              charEnd: c.charEnd,
            })),
          )
          .returning({ id: documentChunks.id, chunkIndex: documentChunks.chunkIndex });
        for (const row of inserted) chunkIds[position.get(row.chunkIndex)!] = row.id;
      }
      for (const e of embedded.filter((e) => live.has(e.id))) {
        for (let i = 0; i < chunkIds.length; i += INSERT_BATCH) {
          const slice = chunkIds.slice(i, i + INSERT_BATCH).map((chunkId, j) => ({ chunkId, vector: e.vectors[i + j]! }));
          await insertVectors(tx, job.tenantId, e, slice);
        }
      }
      await tx
        .update(documents)
        .set({
          status: 'completed',
          error: null,
          pageCount: extracted.pageCount,
          chunkCount: chunks.length,
          processedAt: new Date(),
          metadata: sql`${documents.metadata} || ${JSON.stringify({ ...extracted.metadata, ocrPages })}::jsonb`,
        })
        .where(and(eq(documents.tenantId, job.tenantId), eq(documents.id, doc.id)));
      // Counted with the chunks, under the same fence: a run whose results are dropped is not billed
      // twice. The worker acts for no one, so the work is the uploader's, never an API key's.
      const subject = { tenantId: job.tenantId, userId: doc.uploadedBy, apiKeyId: null };
      if (ocrPages.length > 0) {
        await recordUsage(tx, { ...subject, kind: 'ocr', model: OCR_MODEL, ocrPages: ocrPages.length, requests: ocrPages.length });
      }
      // Embedders report no token counts: ours are estimated with the chunker's tokenizer.
      for (const e of embedded) {
        await recordUsage(tx, {
          ...subject,
          kind: 'embedding',
          model: e.model,
          inputTokens: embedTokens,
          requests: e.calls,
          tokensEstimated: true,
        });
      }
    },
    db,
  );
}

async function onFinalFailure(db: Db, job: { tenantId: string; documentId: string | null }, message: string) {
  if (!job.documentId) return;
  await withTenant(
    scopeOf(job.tenantId),
    (tx) =>
      tx
        .update(documents)
        .set({ status: 'failed', error: message })
        .where(and(eq(documents.tenantId, job.tenantId), eq(documents.id, job.documentId!))),
    db,
  );
}

export const ingestHandler: JobHandler = { run, onFinalFailure };

/** Every job type the worker knows how to run. */
export const JOB_HANDLERS = { ingest: ingestHandler, reprocess: ingestHandler } as const;
