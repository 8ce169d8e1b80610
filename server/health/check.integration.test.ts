import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@/db/client';
import { freePort, startEmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { checkHealth } from './check';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

describe('checkHealth', () => {
  it('is ok on a migrated database, and migrating again changes nothing', async () => {
    await expect(checkHealth(t.db)).resolves.toEqual({ status: 'ok', db: 'ok' });
    const count = () => t.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const before = (await count())[0]!.n;
    await runMigrations(t.db);
    await runMigrations(t.db);
    expect((await count())[0]!.n).toBe(before);
    await expect(checkHealth(t.db)).resolves.toEqual({ status: 'ok', db: 'ok' });
  });

  it('reports an empty database as not migrated and an unreachable one as unreachable', async () => {
    const empty = await startEmbeddedDatabase({});
    const client = createClient(empty.url, 1);
    try {
      await expect(checkHealth(client.db)).resolves.toEqual({ status: 'unavailable', db: 'not_migrated' });
    } finally {
      await client.sql.end();
      await empty.stop();
    }
    const nowhere = createClient(`postgres://postgres:postgres@127.0.0.1:${await freePort()}/postgres`, 1);
    try {
      await expect(checkHealth(nowhere.db)).resolves.toEqual({ status: 'unavailable', db: 'unreachable' });
    } finally {
      await nowhere.sql.end();
    }
  });
});
