import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Keyset pagination for lists that must stay stable while rows are added (the public API's
 * cursors): rows come in `(key, id)` order and a page starts after the last row of the previous
 * one, so an insert never shifts a page. `key` is a whole number as a string: a timestamp in
 * microseconds (what PostgreSQL stores; a JS Date would drop them and skip rows) or a position.
 */
export type Keyset = { key: string; id: string };

export type KeysetPage<T> = { items: T[]; next: Keyset | null };

/** A timestamp column as whole microseconds since the epoch, exactly (text, so no float on the way). */
export function micros(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`(floor(extract(epoch from ${column}) * 1000000))::bigint::text`;
}

/** A keyset's microsecond key back as the timestamp it was read from. */
const timestampAt = (key: string) => sql`timestamptz 'epoch' + (${key}::bigint * interval '1 microsecond')`;

/** Rows after `after` in descending `(timestamp, id)` order. */
export function beforeTimestamp(column: AnyColumn, idColumn: AnyColumn, after: Keyset | null): SQL | undefined {
  if (!after) return undefined;
  return sql`(${column}, ${idColumn}) < (${timestampAt(after.key)}, ${after.id}::uuid)`;
}

/** Rows after `after` in ascending `(integer, id)` order. */
export function afterInteger(column: AnyColumn, idColumn: AnyColumn, after: Keyset | null): SQL | undefined {
  if (!after) return undefined;
  return sql`(${column}, ${idColumn}) > (${after.key}::bigint, ${after.id}::uuid)`;
}

/** Cuts the `limit + 1` rows fetched to a page, with the keyset of its last row if more follow. */
export function keysetPage<T extends { id: string }>(rows: T[], limit: number, keyOf: (row: T) => string): KeysetPage<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { key: keyOf(last), id: last.id } : null };
}

/** Rows after `after` in ascending `(timestamp, id)` order (a conversation, oldest first). */
export function afterTimestamp(column: AnyColumn, idColumn: AnyColumn, after: Keyset | null): SQL | undefined {
  if (!after) return undefined;
  return sql`(${column}, ${idColumn}) > (${timestampAt(after.key)}, ${after.id}::uuid)`;
}
