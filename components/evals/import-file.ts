import { formatBytes } from '@/lib/format';

/** The server's limit (server/evals/datasets-schema.ts MAX_IMPORT_BYTES), checked before sending. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export type ImportFormat = 'csv' | 'jsonl';

/** The format a file's extension names, or null for any other file. */
export function importFormatOf(filename: string): ImportFormat | null {
  const ext = /\.([^.]+)$/.exec(filename.toLowerCase())?.[1];
  return ext === 'csv' ? 'csv' : ext === 'jsonl' ? 'jsonl' : null;
}

/** The file's format, or the sentence that says why it cannot be imported. */
export function checkImportFile(file: { name: string; size: number }): { format: ImportFormat } | { error: string } {
  const format = importFormatOf(file.name);
  if (!format) return { error: `${file.name} is neither a .csv nor a .jsonl file.` };
  if (file.size === 0) return { error: `${file.name} is empty.` };
  if (file.size > MAX_IMPORT_BYTES) {
    return { error: `${file.name} is larger than 1 MB (${formatBytes(file.size)}); split it into several imports.` };
  }
  return { format };
}
