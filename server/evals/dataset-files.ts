import { parse } from 'csv-parse/sync';
import { csvLine } from '@/server/usage/csv';
import type { CaseFields } from './datasets-schema';

/**
 * CSV and JSONL forms of a dataset's cases. CSV columns: question, expected_answer, key_facts
 * (one fact per line inside the cell), documents (one gold document per line, `id` or `id:1,2`
 * for pages). JSONL: one case per line, `{ question, expectedAnswer?, keyFacts?, documents? }`.
 */

export const CSV_COLUMNS = ['question', 'expected_answer', 'key_facts', 'documents'] as const;

/** A row as read from a file, numbered as a person sees it (CSV: spreadsheet row; JSONL: line). */
export type RawRow = { row: number; value: unknown } | { row: number; error: string };

/** Undoes the export's formula guard (a leading apostrophe before =, +, -, @, tab or CR). */
function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function lines(cell: string): string[] {
  return cell
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function documentsOfCell(cell: string): { value: CaseFields['documents'] } | { error: string } {
  const out: { documentId: string; pages: number[] | null }[] = [];
  for (const entry of lines(cell)) {
    const match = /^([^:\s]+)(?::\s*([\d,\s]*))?$/.exec(entry);
    if (!match) return { error: `"${entry}" is not a document; write its id, or id:1,2 with pages.` };
    const pages = match[2]
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map(Number);
    out.push({ documentId: match[1]!, pages: pages && pages.length > 0 ? pages : null });
  }
  return { value: out };
}

export function parseCsv(content: string): RawRow[] {
  let records: string[][];
  try {
    records = parse(content.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    throw new CsvError(`The CSV cannot be read${where ? ` (near line ${where})` : ''}: check its quotes.`);
  }
  const [header, ...body] = records;
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  if (!names.includes('question')) {
    throw new CsvError(`The first row must name the columns; "question" is required (columns: ${CSV_COLUMNS.join(', ')}).`);
  }
  const unknown = names.filter((n) => n && !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new CsvError(`Unknown column "${unknown[0]}"; the columns are ${CSV_COLUMNS.join(', ')}.`);
  const at = (record: string[], name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? '' : unguard(record[i] ?? '');
  };
  return body.map((record, i) => {
    const row = i + 2;
    const documents = documentsOfCell(at(record, 'documents'));
    if ('error' in documents) return { row, error: documents.error };
    return {
      row,
      value: {
        question: at(record, 'question'),
        expectedAnswer: at(record, 'expected_answer'),
        keyFacts: lines(at(record, 'key_facts')),
        documents: documents.value,
      },
    };
  });
}

export function parseJsonl(content: string): RawRow[] {
  const out: RawRow[] = [];
  content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push({ row: i + 1, value: JSON.parse(line) });
      } catch {
        out.push({ row: i + 1, error: 'this line is not valid JSON.' });
      }
    });
  return out;
}

export class CsvError extends Error {}

type ExportCase = Pick<CaseFields, 'question' | 'keyFacts'> & {
  expectedAnswer: string | null;
  documents: { documentId: string; pages: number[] | null }[];
};

export function toCsv(cases: ExportCase[]): string {
  return (
    csvLine([...CSV_COLUMNS]) +
    cases
      .map((c) =>
        csvLine([
          c.question,
          c.expectedAnswer ?? '',
          c.keyFacts.join('\n'),
          c.documents.map((d) => (d.pages?.length ? `${d.documentId}:${d.pages.join(',')}` : d.documentId)).join('\n'),
        ]),
      )
      .join('')
  );
}

export function toJsonl(cases: ExportCase[]): string {
  return cases
    .map((c) =>
      JSON.stringify({
        question: c.question,
        expectedAnswer: c.expectedAnswer,
        keyFacts: c.keyFacts,
        documents: c.documents.map((d) => (d.pages?.length ? d : { documentId: d.documentId })),
      }),
    )
    .map((l) => `${l}\n`)
    .join('');
}
