import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '../db/client';
import { freePort, startEmbeddedDatabase } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { TEMPLATE_PATH } from './paths';

/**
 * Migrates one PGlite database and saves its data directory as the template every test file
 * starts from: each file then has its own real, migrated database in about a second.
 */
export default async function setup() {
  const embedded = await startEmbeddedDatabase({ port: await freePort() });
  const { db, sql } = createClient(embedded.url, 1);
  try {
    await runMigrations(db);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const dump = await embedded.pglite.dumpDataDir('gzip');
  await embedded.stop();
  mkdirSync(path.dirname(TEMPLATE_PATH), { recursive: true });
  writeFileSync(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()));
}
