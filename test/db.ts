import { readFileSync } from 'node:fs';
import { closeDb, getDb, getSql, type Db } from '@/db/client';
import { freePort, startEmbeddedDatabase } from '@/db/embedded';
import { TEMPLATE_PATH } from './paths';

export type TestDatabase = { db: Db; url: string; stop: () => Promise<void> };

/**
 * A database of this test file's own: the migrated template loaded into a fresh PGlite, served
 * on a free loopback port, and made the process's database (getDb()) as in the app.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const template = new Blob([readFileSync(TEMPLATE_PATH)]);
  const embedded = await startEmbeddedDatabase({ loadDataDir: template, port: await freePort() });
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
