/**
 * Ingestion benchmark: a generated corpus goes through the real pipeline (upload service, job
 * queue, worker: extract → chunk → embed → index) on an in-memory embedded database.
 * Prints pages/s and chunks/s, the upload-to-completed time of a 20-page PDF, and, as the
 * baseline measured in the same process, extraction alone on the same files. Also times the
 * text clean-up on plain text of growing size (it must stay linear: MB/s about constant).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { closeDb, getDb } from '@/db/client';
import { startEmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { collections, documents, type FileType } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { hashPassword } from '@/server/auth/password';
import { runInTenant } from '@/server/auth/boundary';
import { tenantScopeOf } from '@/server/auth/scope';
import { resolvePrincipal } from '@/server/auth/principal';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { extractDocument } from '@/server/documents/extract';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { Worker } from '@/server/jobs/worker';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import { summarize } from './stats';

const PDFS = envInt('BENCH_INGEST_PDFS', 8);
const PAGES = 20;
const DOCXS = envInt('BENCH_INGEST_DOCX', 4);
const SINGLE_RUNS = envInt('BENCH_INGEST_SINGLE_RUNS', 3);

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const WORDS =
  'account billing customer policy enterprise contract renewal invoice support latency region storage backup encryption audit quota access report revenue forecast pipeline onboarding training security compliance vendor pricing discount warranty shipment inventory'.split(
    ' ',
  );

/** Deterministic prose: the same corpus every run. */
function sentence(seed: number): string {
  const n = 8 + (seed % 9);
  const words = Array.from({ length: n }, (_, i) => WORDS[(seed * 31 + i * 17) % WORDS.length]!);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)} ${seed % 97} units.`;
}

async function makePdf(seed: number, pages = PAGES): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    let y = 740;
    page.drawText(`Section ${p + 1}: ${WORDS[(seed + p) % WORDS.length]} review`, { x: 60, y, size: 16, font: bold });
    y -= 30;
    for (let line = 0; line < 40; line++) {
      page.drawText(sentence(seed * 1000 + p * 50 + line), { x: 60, y, size: 10, font });
      y -= line % 5 === 4 ? 22 : 14;
      if (y < 60) break;
    }
  }
  return doc.save();
}

async function makeDocx(seed: number): Promise<Uint8Array> {
  const children: Paragraph[] = [];
  for (let s = 0; s < 12; s++) {
    children.push(new Paragraph({ text: `Chapter ${s + 1}`, heading: HeadingLevel.HEADING_1 }));
    for (let p = 0; p < 6; p++)
      children.push(new Paragraph(Array.from({ length: 5 }, (_, i) => sentence(seed * 500 + s * 40 + p * 5 + i)).join(' ')));
  }
  const buffer = await Packer.toBuffer(new Document({ sections: [{ children }] }));
  return new Uint8Array(buffer);
}

/** Plain text of about `bytes` characters: a licence repeated, or one paragraph with no blank line. */
function plainText(bytes: number, oneParagraph: boolean): string {
  let licence: string;
  try {
    licence = readFileSync('/usr/share/common-licenses/GPL-3', 'utf8');
  } catch {
    licence = Array.from({ length: 400 }, (_, i) => sentence(i)).join('\n');
  }
  if (oneParagraph) licence = licence.replace(/\n[ \t]*\n/g, '\n');
  return licence.repeat(Math.ceil(bytes / licence.length)).slice(0, bytes);
}

/** Extraction of plain text (line joining, headings, hyphenation) at 1.25, 2.5 and 5 MB. */
async function measureCleaning() {
  const rows: Array<{ megabytes: number; oneParagraph: boolean; ms: number; megabytesPerSecond: number; blocks: number }> = [];
  for (const oneParagraph of [false, true]) {
    for (const megabytes of [1.25, 2.5, 5]) {
      const bytes = new TextEncoder().encode(plainText(megabytes * 1024 * 1024, oneParagraph));
      const t0 = performance.now();
      const doc = await extractDocument(bytes, 'txt');
      const ms = performance.now() - t0;
      rows.push({
        megabytes,
        oneParagraph,
        ms: Math.round(ms),
        megabytesPerSecond: +(megabytes / (ms / 1000)).toFixed(1),
        blocks: doc.pages[0]!.blocks.length,
      });
    }
  }
  return rows;
}

async function main() {
  const started = performance.now();
  // Audit entries pseudonymise actors with a key derived from the server secret: a bench has its own.
  process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-0123456789abcdef0123456789abcdef';
  const embedded = await startEmbeddedDatabase({});
  process.env.DATABASE_URL = embedded.url;
  process.env.EMBEDDED_DB = '1';
  process.env.STORAGE_DIR = path.join(process.cwd(), '.data', 'bench-storage', String(Date.now()));
  const db = getDb();
  await runMigrations(db);
  const { tenant, roleIds } = await createTenant(db, { name: 'Bench', slug: 'bench-ingest' });
  const user = await createActiveUser(db, {
    tenantId: tenant.id,
    email: 'editor@bench.test',
    fullName: 'Bench',
    hashedPassword: await hashPassword('bench-password-1'),
    roleIds: [roleIds.editor],
  });
  const [collection] = await withTenant({ tenantId: tenant.id }, (tx) =>
    tx.insert(collections).values({ tenantId: tenant.id, name: 'Corpus' }).returning(),
  );
  const resolution = await resolvePrincipal(db, { kind: 'user', tenantId: tenant.id, id: user.id });
  if (!resolution.ok) throw new Error('bench user not resolvable');
  const scope = tenantScopeOf(resolution.principal)!;
  const settings = { allowedFileTypes: ['pdf', 'docx'] as FileType[], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES };
  const upload = (filename: string, bytes: Uint8Array) =>
    runInTenant(
      scope,
      { rootDb: db, meta: { ip: null, userAgent: 'bench', correlationId: null }, action: 'bench.upload', mutation: false },
      (ctx) => uploadDocument(ctx, settings, { collectionId: collection!.id, filename, bytes, onDuplicate: 'replace' }),
    );
  const worker = new Worker({ db, id: 'bench', handlers: JOB_HANDLERS });
  const drain = async () => {
    while (await worker.runOnce()) {
      // one job at a time, as the in-server worker does
    }
  };

  console.log('AgenticOmni ingestion bench (embedded PGlite, in-process worker, local hashing embedder)');
  console.log(`Corpus: ${PDFS} PDFs × ${PAGES} pages, ${DOCXS} DOCX files (generated, deterministic)`);
  const pdfs = await Promise.all(Array.from({ length: PDFS }, (_, i) => makePdf(i + 1)));
  const docxs = await Promise.all(Array.from({ length: DOCXS }, (_, i) => makeDocx(i + 1)));
  const files: Array<{ name: string; bytes: Uint8Array; type: FileType }> = [
    ...pdfs.map((bytes, i) => ({ name: `report-${i + 1}.pdf`, bytes, type: 'pdf' as const })),
    ...docxs.map((bytes, i) => ({ name: `handbook-${i + 1}.docx`, bytes, type: 'docx' as const })),
  ];

  // Baseline: extraction alone, no database, same files.
  const extractStart = performance.now();
  let extractedPages = 0;
  for (const f of files) extractedPages += (await extractDocument(f.bytes, f.type)).pages.length;
  const extractMs = performance.now() - extractStart;

  const cleaning = await measureCleaning();

  // Throughput: upload everything, then let the worker drain the queue.
  const uploadStart = performance.now();
  for (const f of files) await upload(f.name, f.bytes);
  const uploadMs = performance.now() - uploadStart;
  const drainStart = performance.now();
  await drain();
  const drainMs = performance.now() - drainStart;
  const rows = await withTenant({ tenantId: tenant.id, seeRestricted: true }, (tx) =>
    tx.select({ status: documents.status, pages: documents.pageCount, chunks: documents.chunkCount }).from(documents),
  );
  const pages = rows.reduce((n, r) => n + (r.pages ?? 0), 0);
  const chunks = rows.reduce((n, r) => n + r.chunks, 0);
  const failed = rows.filter((r) => r.status !== 'completed').length;

  // Upload-to-completed of one 20-page PDF, as a user would wait for it.
  const single: number[] = [];
  for (let run = 0; run < SINGLE_RUNS; run++) {
    const bytes = await makePdf(9000 + run);
    const t0 = performance.now();
    const result = await upload(`single-${run}.pdf`, bytes);
    await drain();
    single.push(performance.now() - t0);
    if (result.status === 'created') {
      const [doc] = await withTenant({ tenantId: tenant.id, seeRestricted: true }, (tx) =>
        tx.select().from(documents).where(eq(documents.id, result.documentId)),
      );
      if (doc?.status !== 'completed') throw new Error(`single run ${run} ended ${doc?.status}: ${doc?.error}`);
    }
  }
  const s = summarize(single);
  const results = {
    corpus: { files: files.length, pages, chunks, failed },
    uploadMs: Math.round(uploadMs),
    pipeline: {
      ms: Math.round(drainMs),
      pagesPerSecond: +(pages / (drainMs / 1000)).toFixed(1),
      chunksPerSecond: +(chunks / (drainMs / 1000)).toFixed(1),
    },
    extractOnly: { ms: Math.round(extractMs), pagesPerSecond: +(extractedPages / (extractMs / 1000)).toFixed(1) },
    ratioPipelineToExtract: +(drainMs / extractMs).toFixed(2),
    twentyPagePdfUploadToCompletedMs: { p50: +s.p50.toFixed(0), mean: +s.mean.toFixed(0), runs: SINGLE_RUNS },
    plainTextCleaning: cleaning,
  };
  console.log(`\nDocuments: ${files.length} (${pages} pages, ${chunks} chunks), failed: ${failed}`);
  console.log(`Uploads (checks, storage, rows, jobs): ${results.uploadMs} ms for ${files.length} files`);
  console.log(
    `Pipeline (extract → chunk → embed → index): ${results.pipeline.ms} ms → ${results.pipeline.pagesPerSecond} pages/s, ${results.pipeline.chunksPerSecond} chunks/s`,
  );
  console.log(
    `Baseline, extraction only (same files, no database): ${results.extractOnly.ms} ms → ${results.extractOnly.pagesPerSecond} pages/s`,
  );
  console.log(`Ratio pipeline / extraction only: ${results.ratioPipelineToExtract}x`);
  console.log(
    `20-page PDF, upload to completed: p50 ${results.twentyPagePdfUploadToCompletedMs.p50} ms (mean ${results.twentyPagePdfUploadToCompletedMs.mean} ms, ${SINGLE_RUNS} runs)`,
  );
  console.log('\nPlain-text extraction with clean-up (GPL-3 repeated; "one paragraph" has no blank lines):');
  for (const row of cleaning) {
    console.log(
      `  ${row.megabytes} MB${row.oneParagraph ? ', one paragraph' : ''}: ${row.ms} ms → ${row.megabytesPerSecond} MB/s (${row.blocks} blocks)`,
    );
  }
  const out = path.join(process.cwd(), 'bench', 'results', 'ingest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s. JSON: bench/results/ingest.json`);
  await closeDb();
  await embedded.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
