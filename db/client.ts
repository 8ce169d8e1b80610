import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; tenant-scoped code receives one of these, never the global client. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

type Client = { db: Db; sql: postgres.Sql };

// One client per process, kept on globalThis so Next.js dev reloads do not open new pools.
const globalForDb = globalThis as unknown as { __agenticomniDb?: Client };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. Start the console with `npm run dev` or `npm start`, which launch the ' +
        'embedded database, or point DATABASE_URL at PostgreSQL 15+ with pgvector.',
    );
  }
  return url;
}

/**
 * A `host` query parameter naming a directory is a Unix socket directory (as in libpq), where the
 * embedded database listens; postgres.js takes it as the `host` option, not from the URL.
 */
function socketHost(url: string): { url: string; host?: string } {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  const host = parsed?.searchParams.get('host');
  if (!parsed || !host?.startsWith('/')) return { url };
  parsed.searchParams.delete('host');
  return { url: parsed.toString(), host };
}

export function createClient(databaseUrl: string, max = poolSize()): Client {
  const { url, host } = socketHost(databaseUrl);
  const sql = postgres(url, {
    ...(host ? { host } : {}),
    max,
    onnotice: () => {},
    // Idle connections are closed so a stopped embedded server does not leave broken sockets.
    idle_timeout: 30,
    connect_timeout: 15,
  });
  return { sql, db: drizzle(sql, { schema, casing: 'snake_case' }) };
}

/** PGlite is one backend: serve it with a single connection (ARCHITECTURE.md). */
function poolSize(): number {
  const configured = Number(process.env.DATABASE_POOL_MAX);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return process.env.EMBEDDED_DB === '1' ? 1 : 10;
}

function client(): Client {
  globalForDb.__agenticomniDb ??= createClient(databaseUrl());
  return globalForDb.__agenticomniDb;
}

/**
 * The privileged connection (the database owner, superuser on PGlite). Only system work uses it
 * directly: sign-in lookups, superadmin procedures, workers claiming jobs. Tenant data goes
 * through withTenant().
 */
export function getDb(): Db {
  return client().db;
}

export function getSql(): postgres.Sql {
  return client().sql;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.__agenticomniDb;
  globalForDb.__agenticomniDb = undefined;
  await current?.sql.end({ timeout: 5 });
}
