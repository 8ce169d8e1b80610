/**
 * Brings the console up: the embedded database when DATABASE_URL is unset, migrations, the
 * role safety check, the demo seed on an empty database, then Next.js (`dev` or `start`) behind
 * the HTTP server of next-server.ts.
 * Usage: tsx --conditions=react-server server/cli/start.ts dev|start
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '@/db/client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { assertSafeDatabaseRoles } from '@/db/role-check';
import { ensurePrivateDir, PRIVATE_FILE_MODE, restrictToOwner } from '@/db/private-files';
import { encryptionKeysForStart } from '@/server/ai/encryption-keys';
import { sealLegacyAuditChains } from '@/server/audit/write';
import { parseTrustedProxies } from '@/server/auth/request-meta';
import { DEMO_ROLES, DEMO_TENANTS, demoPassword, hasDemoAccounts, isEmpty, seedDemo, SUPERADMIN_EMAIL } from './seed';

const DATA_DIR = path.join(process.cwd(), '.data');

function authSecret(): string {
  const configured = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET;
  if (configured) return configured;
  if (process.env.NODE_ENV === 'production' && process.env.DATABASE_URL) {
    throw new Error('Set NEXTAUTH_SECRET (32+ random bytes) before running against an external database.');
  }
  // Local use: a random secret kept beside the embedded data, so sessions survive restarts.
  const file = path.join(DATA_DIR, 'auth-secret');
  if (!existsSync(file)) {
    ensurePrivateDir(DATA_DIR);
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: PRIVATE_FILE_MODE });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * Everything the console writes to disk is owner-only: the umask covers what this process and
 * Next.js (which inherits it) create from now on, and data written by an earlier version with a
 * looser umask is tightened here.
 */
function lockDownDataFiles(): void {
  process.umask(0o077);
  ensurePrivateDir(DATA_DIR);
  const dirs = [DATA_DIR, process.env.EMBEDDED_DATA_DIR, process.env.S3_BUCKET ? undefined : process.env.STORAGE_DIR];
  for (const dir of dirs) if (dir) restrictToOwner(path.resolve(dir));
}

const DEMO_WARNING = (password: string) =>
  `WARNING: the demo accounts are present and their password ("${password}") is public. ` +
  'Never expose this console to a network as it is: delete the demo accounts or change their passwords first.';

async function main() {
  const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
  const port = Number(process.env.PORT || 3000);
  let embedded: EmbeddedDatabase | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  lockDownDataFiles();
  // Before anything else starts: `next start` is production whatever NODE_ENV says here.
  // This process writes audit entries too (the seed, the chain seal), keyed like the server's.
  process.env.ENCRYPTION_KEYS = env.ENCRYPTION_KEYS = encryptionKeysForStart(
    { ...process.env, NODE_ENV: mode === 'start' ? 'production' : process.env.NODE_ENV },
    DATA_DIR,
  );

  if (!process.env.DATABASE_URL) {
    const dataDir = path.resolve(process.env.EMBEDDED_DATA_DIR || path.join(DATA_DIR, 'pglite'));
    // Beside the data, one per data directory, so two launchers in one checkout never share one.
    const socketDir = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-socket`);
    embedded = await startEmbeddedDatabase({ dataDir, socketDir });
    env.DATABASE_URL = embedded.url;
    env.EMBEDDED_DB = '1';
    console.log(
      `Embedded database (PGlite + pgvector) on the Unix socket ${embedded.socketPath} (owner only), data in ${path.relative(process.cwd(), dataDir)}`,
    );
  }

  const { db, sql } = createClient(env.DATABASE_URL!, 1);
  let demo = false;
  try {
    await runMigrations(db);
    await assertSafeDatabaseRoles(db);
    const sealed = await sealLegacyAuditChains(db);
    if (sealed) console.log(`Sealed ${sealed} audit chain(s) written before keyed hashes.`);
    if ((embedded || process.env.SEED_DEMO === '1') && (await isEmpty(db))) {
      await seedDemo(db, { embedded: Boolean(embedded) });
      console.log('Seeded the demo workspace data.');
    }
    demo = await hasDemoAccounts(db);
    if (demo) console.warn(DEMO_WARNING(demoPassword()));
  } finally {
    // PGlite serves one connection: hand it over to the app.
    await sql.end({ timeout: 5 });
  }

  env.NEXTAUTH_SECRET = authSecret();
  env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  env.NEXT_TELEMETRY_DISABLED ??= '1';
  // Fails now, with the entry named, rather than on the first request.
  parseTrustedProxies(process.env.TRUSTED_PROXIES);
  // Next.js behind our own HTTP server, which hands the app each request's socket address.
  const next = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(process.cwd(), 'server', 'cli', 'next-server.ts'), mode, String(port)],
    {
      env: { ...env, NODE_ENV: mode === 'dev' ? 'development' : 'production', TRUST_PEER_HEADER: '1' },
      stdio: 'inherit',
    },
  );

  const url = `http://localhost:${port}`;
  void waitForHealth(url).then((ok) => {
    if (!ok) return;
    const tenants = DEMO_TENANTS.map((t) => t.slug).join(' or ');
    console.log(
      [
        '',
        `AgenticOmni Console is up: ${url}`,
        ...(demo
          ? [
              `Sign in with password "${demoPassword()}" as:`,
              `  superadmin: leave Workspace empty, email ${SUPERADMIN_EMAIL}`,
              `  tenant users: Workspace ${tenants}, email ${DEMO_ROLES.map((r) => `${r}@<workspace>.test`).join(', ')}`,
              DEMO_WARNING(demoPassword()),
            ]
          : []),
        '',
      ].join('\n'),
    );
  });

  const stop = async (code: number) => {
    next.kill('SIGTERM');
    await embedded?.stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  next.on('exit', (code) => void stop(code ?? 0));
}

async function waitForHealth(url: string): Promise<boolean> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
