import { z } from 'zod';
import { citationOutput } from '@/server/chat/schema';
import { pageInput, pageOf } from '@/server/shared/pagination';
import { nameInput } from '@/server/shared/schema';

/** The evaluation datasets' contracts, shared by the router, the service and import/export. */

export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_CASES = 2000;

const factInput = z
  .string()
  .trim()
  .min(1, 'A key fact cannot be empty.')
  .max(500, 'A key fact can be at most 500 characters.')
  .refine((s) => !/[\r\n]/.test(s), 'A key fact is one line; split it into several facts.');

export const goldDocumentInput = z.object({
  documentId: z.uuid('Not a valid document id.'),
  pages: z
    .array(z.number().int('A page is a whole number.').min(1, 'Pages start at 1.').max(100_000, 'That page number is too large.'))
    .max(200, 'At most 200 pages per document.')
    .nullish(),
});

/** One case as a person writes it; the same shape in the page, in JSONL and (flattened) in CSV. */
export const caseFields = z.object({
  question: z.string().trim().min(1, 'The question is required.').max(2000, 'The question can be at most 2,000 characters.'),
  expectedAnswer: z
    .string()
    .trim()
    .max(10_000, 'The reference answer can be at most 10,000 characters.')
    .nullish()
    .transform((s) => s || null),
  keyFacts: z.array(factInput).max(50, 'At most 50 key facts per case.').default([]),
  documents: z
    .array(goldDocumentInput)
    .max(50, 'At most 50 gold documents per case.')
    .default([])
    .refine((docs) => new Set(docs.map((d) => d.documentId)).size === docs.length, 'A gold document is listed twice.'),
});
export type CaseFields = z.infer<typeof caseFields>;

export const DATASET_SORTS = ['name', 'updated', 'cases'] as const;
export const datasetListInput = z.object({
  ...pageInput,
  search: z.string().trim().max(200).optional(),
  sort: z.enum(DATASET_SORTS).default('name'),
  /** Without a sort, names A→Z; with one, as asked (newest first unless said). */
  dir: z.enum(['asc', 'desc']).optional(),
});

export const datasetFields = z.object({
  name: nameInput('The name'),
  description: z.string().trim().max(2000, 'The description can be at most 2,000 characters.').default(''),
});

export const createDatasetInput = datasetFields;
export const updateDatasetInput = datasetFields.partial().extend({ id: z.uuid() });
export const getDatasetInput = z.object({ id: z.uuid(), ...pageInput, search: z.string().trim().max(200).optional() });

export const createCaseInput = caseFields.extend({ datasetId: z.uuid() });
export const updateCaseInput = caseFields.extend({ id: z.uuid() });

export const importFormat = z.enum(['csv', 'jsonl']);
export const importInput = z.object({
  datasetId: z.uuid(),
  format: importFormat,
  content: z.string().min(1, 'The file is empty.'),
});
export const exportInput = z.object({ datasetId: z.uuid(), format: importFormat });
export const addFromFeedbackInput = z.object({ messageId: z.uuid(), datasetId: z.uuid() });

export type DatasetListInput = z.infer<typeof datasetListInput>;
export type CreateDatasetInput = z.infer<typeof createDatasetInput>;
export type UpdateDatasetInput = z.infer<typeof updateDatasetInput>;
export type GetDatasetInput = z.infer<typeof getDatasetInput>;
export type CreateCaseInput = z.infer<typeof createCaseInput>;
export type UpdateCaseInput = z.infer<typeof updateCaseInput>;
export type ImportInput = z.infer<typeof importInput>;
export type ExportInput = z.infer<typeof exportInput>;
export type AddFromFeedbackInput = z.infer<typeof addFromFeedbackInput>;

export const datasetOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  caseCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const caseSourceOutput = z.object({
  kind: z.literal('feedback'),
  messageId: z.uuid(),
  sessionId: z.uuid(),
  answer: z.string(),
  citations: z.array(citationOutput),
  comment: z.string().nullable(),
});

export const caseOutput = z.object({
  id: z.uuid(),
  datasetId: z.uuid(),
  question: z.string(),
  expectedAnswer: z.string().nullable(),
  keyFacts: z.array(z.string()),
  documents: z.array(z.object({ documentId: z.uuid(), pages: z.array(z.number().int()).nullable() })),
  source: caseSourceOutput.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type CaseOutput = z.infer<typeof caseOutput>;

export const datasetListOutput = pageOf(datasetOutput);
export const datasetDetailOutput = datasetOutput.extend({ cases: pageOf(caseOutput) });
export const caseMutationOutput = z.object({ case: caseOutput, version: z.number().int() });
export const deleteOutput = z.object({ id: z.uuid(), version: z.number().int().optional() });
export const importOutput = z.object({ imported: z.number().int(), version: z.number().int() });
export const exportOutput = z.object({ filename: z.string(), content: z.string() });

export const feedbackListInput = z.object({ ...pageInput });
export type FeedbackListInput = z.infer<typeof feedbackListInput>;

/** One of the caller's own thumbs-down answers, with the question it answered. */
export const feedbackOutput = z.object({
  messageId: z.uuid(),
  sessionId: z.uuid(),
  question: z.string().nullable(),
  answerExcerpt: z.string(),
  comment: z.string().nullable(),
  ratedAt: z.date(),
  /** The datasets that already hold a case made from this answer. */
  datasets: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export const feedbackListOutput = pageOf(feedbackOutput);
