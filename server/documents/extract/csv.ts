import 'server-only';
import { parse } from 'csv-parse/sync';
import { ExtractionError } from './errors';
import type { Block } from './types';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_RECORDS = 20;

function parseSample(text: string, delimiter: string): string[][] | null {
  try {
    return parse(text.slice(0, SAMPLE_CHARS), {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to_line: SAMPLE_RECORDS,
    }) as string[][];
  } catch {
    return null;
  }
}

/**
 * The delimiter whose first records all have the same number (≥ 2) of fields, preferring the
 * one that yields the most fields; null when no delimiter gives a consistent table.
 */
export function detectDelimiter(text: string, minRecords = 2): string | null {
  let best: { delimiter: string; fields: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const records = parseSample(text, delimiter);
    // The sample may cut the last record short, so it is not held to the field count.
    const complete = records && records.length > 1 ? records.slice(0, -1) : records;
    if (!complete || !records || records.length < minRecords) continue;
    const fields = complete[0]?.length ?? 0;
    if (fields < 2 || complete.some((record) => record.length !== fields)) continue;
    if (!best || fields > best.fields) best = { delimiter, fields };
  }
  return best?.delimiter ?? null;
}

/**
 * Content sniffing for files without a telling extension. Prose with one comma per line would
 * pass the delimiter test, so short fields and at least three records are required as well.
 */
export function looksLikeCsv(text: string): boolean {
  const delimiter = detectDelimiter(text, 3);
  if (!delimiter) return false;
  const records = parseSample(text, delimiter) ?? [];
  const cells = records.flat();
  const average = cells.reduce((sum, cell) => sum + cell.length, 0) / Math.max(1, cells.length);
  return average < 40;
}

/** One `row` block per data record: "header1: value1; header2: value2" (empty values left out). */
export function csvToBlocks(text: string): { blocks: Block[]; columns: number; rows: number } {
  const delimiter = detectDelimiter(text) ?? ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A single runaway quoted field would otherwise swallow the rest of the file into memory.
      max_record_size: 1_000_000,
    }) as string[][];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExtractionError('damaged', `This CSV file cannot be parsed (${reason.replace(/\.$/, '')}).`, { cause: error });
  }
  const [header = [], ...rows] = records;
  const headers = header.map((name, i) => name.trim() || `Column ${i + 1}`);
  const blocks: Block[] = [];
  for (const row of rows) {
    const parts: string[] = [];
    row.forEach((value, i) => {
      const cell = value.trim();
      if (cell) parts.push(`${headers[i] ?? `Column ${i + 1}`}: ${cell}`);
    });
    if (parts.length > 0) blocks.push({ kind: 'row', text: parts.join('; ') });
  }
  // A header-only file still says something; keep its names rather than returning nothing.
  if (rows.length === 0 && headers.length > 0) blocks.push({ kind: 'row', text: headers.join('; ') });
  return { blocks, columns: headers.length, rows: rows.length };
}
