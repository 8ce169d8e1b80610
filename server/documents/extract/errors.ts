import 'server-only';
import { formatBytes } from '@/lib/format';

export type ExtractionErrorCode = 'empty' | 'unsupported' | 'encrypted' | 'damaged' | 'too-large';

/**
 * A file that cannot be read for a reason the uploader can act on. `userMessage` is a whole
 * sentence safe to show in the UI and store as the document's error; `message` equals it so logs
 * read the same. Anything else thrown by extraction is a bug or an abort, not a bad file.
 */
export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  readonly userMessage: string;
  readonly code: ExtractionErrorCode;

  constructor(code: ExtractionErrorCode, userMessage: string, options?: { cause?: unknown }) {
    super(userMessage, options);
    this.code = code;
    this.userMessage = userMessage;
  }
}

export function isExtractionError(error: unknown): error is ExtractionError {
  return error instanceof ExtractionError;
}

export function tooLargeUnzipped(limit: number): ExtractionError {
  return new ExtractionError('too-large', `This file expands to more than ${formatBytes(limit)} and was refused.`);
}

export function tooMuchText(limit: number): ExtractionError {
  return new ExtractionError(
    'too-large',
    `This document contains more than ${limit.toLocaleString('en-US')} characters of text and was refused.`,
  );
}

/** A generic "damaged" error re-worded as `message` (which names the format); others unchanged. */
export function withDamagedMessage(error: unknown, message: string): unknown {
  if (error instanceof ExtractionError && error.code === 'damaged' && error.userMessage !== message) {
    return new ExtractionError('damaged', message, { cause: error });
  }
  return error;
}
