/**
 * `npm run eval -- --tenant <slug> --dataset <name> [--baseline <run>] [--fail-on-regression]`:
 * runs an evaluation dataset from the command line, for deployments that gate on answer quality.
 * Against DATABASE_URL, or else the embedded database in `.data/` (which serves one connection:
 * stop the console first).
 */
import path from 'node:path';
import { createClient } from '@/db/client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { encryptionKeysForStart } from '@/server/ai/encryption-keys';
import { parseEvalArgs, runEvalCli } from '@/server/evals/cli';

const DATA_DIR = path.join(process.cwd(), '.data');

async function main(): Promise<number> {
  const parsed = parseEvalArgs(process.argv.slice(2));
  if (!parsed.ok) {
    (parsed.help ? console.log : console.error)(parsed.message);
    return parsed.help ? 0 : 2;
  }
  // The server's keys decrypt the workspace's model API key, as the worker does.
  process.env.ENCRYPTION_KEYS = encryptionKeysForStart({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' }, DATA_DIR);
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.resolve(process.env.EMBEDDED_DATA_DIR || path.join(DATA_DIR, 'pglite'));
    const socketDir = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-socket`);
    try {
      embedded = await startEmbeddedDatabase({ dataDir, socketDir });
    } catch (error) {
      console.error(
        `${error instanceof Error ? error.message : String(error)}\nThe embedded database serves one connection: stop the console first, or point DATABASE_URL at PostgreSQL.`,
      );
      return 2;
    }
    url = embedded.url;
  }
  // One connection for the embedded database, which serves no more.
  const { db, sql } = createClient(url, embedded ? 1 : 4);
  try {
    await runMigrations(db);
    return await runEvalCli(db, parsed.options, (line) => console.log(line));
  } finally {
    await sql.end({ timeout: 5 });
    await embedded?.stop().catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
