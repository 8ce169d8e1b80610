import { readFileSync } from 'node:fs';
import { closeDb, getDb, getSql, type Db } from '@/db/client';
import { startEmbeddedDatabase } from '@/db/embedded';
import { createDatabase, databaseUrlFor, dropDatabase, NATIVE_PREFIX, nativeServerUrl } from './native';
import { TEMPLATE_PATH } from './paths';

export type TestDatabase = { db: Db; url: string; stop: () => Promise<void> };

/** True when the suite runs against a PostgreSQL server (TEST_DATABASE_URL), not PGlite. */
export const isNativePostgres = () => nativeServerUrl() !== undefined;

let files = 0;

/**
 * A database of this test file's own, made the process's database (getDb()) as in the app:
 * the migrated template loaded into a fresh PGlite served on a private Unix socket (pool of one,
 * as in the embedded console), or a copy of the template database on the PostgreSQL server of
 * TEST_DATABASE_URL (pool of DATABASE_POOL_MAX, default 10, as in production).
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const server = nativeServerUrl();
  if (server) return startNative(server);
  const template = new Blob([readFileSync(TEMPLATE_PATH)]);
  const embedded = await startEmbeddedDatabase({ loadDataDir: template });
  await closeDb();
  process.env.DATABASE_URL = embedded.url;
  process.env.EMBEDDED_DB = '1';
  const db = getDb();
  await getSql()`select 1`;
  return {
    db,
    url: embedded.url,
    stop: async () => {
      await closeDb();
      await embedded.stop();
    },
  };
}

async function startNative(server: string): Promise<TestDatabase> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  const run = process.env.TEST_RUN_ID;
  if (!template || !run) throw new Error('TEST_DATABASE_URL is set but the global setup made no template database.');
  const name = `${NATIVE_PREFIX}${run}_${process.pid}_${++files}`;
  await createDatabase(server, name, template);
  const url = databaseUrlFor(server, name);
  await closeDb();
  process.env.DATABASE_URL = url;
  delete process.env.EMBEDDED_DB;
  const db = getDb();
  await getSql()`select 1`;
  return {
    db,
    url,
    stop: async () => {
      await closeDb();
      await dropDatabase(server, name);
    },
  };
}
