import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { pgErrorCode } from '@/db/errors';
import { MIGRATIONS_FOLDER } from '@/db/migrate';

export type Health = { status: 'ok' | 'unavailable'; db: 'ok' | 'unreachable' | 'not_migrated' };

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Healthy once the database answers and every migration in drizzle/ has been applied. */
export async function checkHealth(db: Db): Promise<Health> {
  try {
    const [row] = await db.execute<{ applied: number }>(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
    if ((row?.applied ?? 0) < expectedMigrations()) return { status: 'unavailable', db: 'not_migrated' };
    return { status: 'ok', db: 'ok' };
  } catch (error) {
    const code = pgErrorCode(error);
    // 42P01 / 3F000: the migrations table or schema does not exist yet.
    if (code === '42P01' || code === '3F000') return { status: 'unavailable', db: 'not_migrated' };
    return { status: 'unavailable', db: 'unreachable' };
  }
}

/** The health of this process's database; without DATABASE_URL at all, as unavailable as an unreachable server. */
export async function checkProcessHealth(): Promise<Health> {
  try {
    return await checkHealth(getDb());
  } catch {
    return { status: 'unavailable', db: 'unreachable' };
  }
}
