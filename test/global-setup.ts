import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '../db/client';
import { startEmbeddedDatabase } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { createDatabase, databaseUrlFor, dropDatabase, dropStaleDatabases, NATIVE_PREFIX, nativeServerUrl, newRunId } from './native';
import { TEMPLATE_PATH } from './paths';

/**
 * Migrates one database that every test file starts from, so each file has its own real,
 * migrated database in about a second: a PGlite data directory saved to disk, or, with
 * TEST_DATABASE_URL, a template database on that PostgreSQL server.
 */
export default async function setup() {
  const server = nativeServerUrl();
  if (server) return setupNative(server);
  const embedded = await startEmbeddedDatabase({});
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

async function setupNative(server: string) {
  await dropStaleDatabases(server);
  const run = newRunId();
  const template = `${NATIVE_PREFIX}${run}_template`;
  await createDatabase(server, template);
  const { db, sql } = createClient(databaseUrlFor(server, template), 1);
  try {
    await runMigrations(db);
  } finally {
    await sql.end({ timeout: 5 });
  }
  // Test files (forked after this) read these to make their databases.
  process.env.TEST_TEMPLATE_DATABASE = template;
  process.env.TEST_RUN_ID = run;
  return async () => {
    await dropDatabase(server, template);
  };
}
