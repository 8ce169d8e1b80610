import { randomUUID } from 'node:crypto';
import postgres from 'postgres';

/**
 * The suite against a PostgreSQL server instead of PGlite: `TEST_DATABASE_URL` names a database
 * on it whose role may create databases (a superuser, as the console's own connecting role is).
 * The global setup migrates one template database; each test file then gets a database of its
 * own, `CREATE DATABASE … TEMPLATE`, dropped when the file ends.
 */
export function nativeServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

/** The URL of another database on the same server. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Names this run's databases start with, so the teardown (and the next run) can clear them. */
export const NATIVE_PREFIX = 'ao_test_';

function admin(serverUrl: string) {
  return postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 15 });
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return `"${name}"`;
};

export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  const sql = admin(serverUrl);
  try {
    await sql.unsafe(`create database ${ident(name)}${template ? ` template ${ident(template)}` : ''}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const sql = admin(serverUrl);
  try {
    await sql.unsafe(`drop database if exists ${ident(name)} with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A run id starts with its start time (seconds, base 36), so stale runs can be told apart. */
export function newRunId(): string {
  return `${Math.floor(Date.now() / 1000).toString(36)}_${randomUUID().slice(0, 6)}`;
}

/**
 * Drops databases of runs that started more than six hours ago (a killed run never reaches its
 * teardown); a run still going on beside this one is left alone.
 */
export async function dropStaleDatabases(serverUrl: string): Promise<void> {
  const sql = admin(serverUrl);
  const cutoff = Date.now() / 1000 - 6 * 3600;
  try {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where starts_with(datname, ${NATIVE_PREFIX})`;
    for (const { datname } of rows) {
      const started = parseInt(datname.slice(NATIVE_PREFIX.length).split('_')[0] ?? '', 36);
      if (Number.isFinite(started) && started < cutoff) await sql.unsafe(`drop database if exists ${ident(datname)} with (force)`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
