import { z } from 'zod';
import type { Keyset } from '@/server/shared/keyset';
import { RestError } from './errors';

/**
 * Cursors are opaque to clients: base64url of a small JSON array holding the last item's sort key
 * and id. They carry nothing secret (a client may decode them), and a cursor that does not decode
 * to the expected shape is refused as `invalid_cursor`, never half-used.
 */

const keysetCursor = z.tuple([z.string().regex(/^-?\d{1,20}$/), z.uuid()]);

export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.key, keyset.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (cursor === undefined) return null;
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = keysetCursor.safeParse(raw);
  if (!parsed.success) throw invalidCursor();
  return { key: parsed.data[0], id: parsed.data[1] };
}

function invalidCursor() {
  return new RestError('invalid_cursor', 'The cursor is not valid: pass the nextCursor of a previous page unchanged, or omit it.');
}

/** A domain page as the API answers it: `{ data, nextCursor }`. */
export function pageBody<T>(page: { items: T[]; next: Keyset | null }): { data: T[]; nextCursor: string | null } {
  return { data: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
}
