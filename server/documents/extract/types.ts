import 'server-only';

export type { FileType } from '@/lib/enums';

export type BlockKind = 'heading' | 'paragraph' | 'row' | 'slide-title' | 'list';

/**
 * One unit of structure. `level` is the heading level (1–6) for headings and the nesting depth
 * (1 = top level) for list items; other kinds leave it out.
 */
export type Block = { kind: BlockKind; text: string; level?: number };

/** `page` is the 1-based page or slide number, or null for formats without pages (DOCX, HTML…). */
export type ExtractedPage = { page: number | null; blocks: Block[] };

export type ExtractedDocument = {
  pages: ExtractedPage[];
  /** Pages or slides in the file (not only those extracted); null for formats without pages. */
  pageCount: number | null;
  /** 1-based pages without a usable text layer (scanned pages, images): OCR them to get text. */
  needsOcr: number[];
  metadata: Record<string, string | number>;
};

export type ExtractOptions = {
  signal?: AbortSignal;
  /** Called with the fraction done, 0 to 1, as pages are read. */
  onProgress?: (fraction: number) => void;
  /** Read at most this many pages or slides; the rest are left out and `metadata.truncated` says so. */
  maxPages?: number;
  /** Refuse documents with more text than this (characters); default {@link LIMITS.maxTextChars}. */
  maxTextChars?: number;
  /** Refuse ZIP-based files (DOCX, PPTX) that expand to more than this; default {@link LIMITS.maxUnzippedBytes}. */
  maxUnzippedBytes?: number;
};

/** Defaults that keep one hostile or huge file from exhausting a worker's memory or time. */
export const LIMITS = {
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxTextChars: 10_000_000,
  /** Larger images would need gigabytes inside the OCR engine. */
  maxImagePixels: 50_000_000,
} as const;
