import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { createTenantFixture } from '@/test/fixtures';
import { MIGRATIONS_FOLDER } from './migrate';
import { chatMessages, chatSessions } from './schema';
import { withTenant } from './tenant';

/** Data migrations do what they say on rows written before them. */
let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

describe('0014 chat-message-stopped-backfill', () => {
  it('moves the old "stopped" note out of the text and into the column, and leaves other answers alone', async () => {
    const f = await createTenantFixture(t.db);
    const tenantId = f.tenant.id;
    const ids = await withTenant({ tenantId, userId: f.users.viewer.id }, async (tx) => {
      const [session] = await tx.insert(chatSessions).values({ tenantId, userId: f.users.viewer.id, title: 'old' }).returning();
      const rows = await tx
        .insert(chatMessages)
        .values([
          {
            tenantId,
            sessionId: session!.id,
            role: 'assistant',
            content: 'Half an answer [1].\n\n_(Stopped before the answer was complete.)_',
          },
          { tenantId, sessionId: session!.id, role: 'assistant', content: 'A whole answer.' },
        ])
        .returning({ id: chatMessages.id });
      return rows.map((r) => r.id);
    });
    const backfill = readFileSync(path.join(MIGRATIONS_FOLDER, '0014_chat-message-stopped-backfill.sql'), 'utf8');
    await t.db.execute(sql.raw(backfill));
    const read = (id: string) =>
      t.db.select({ content: chatMessages.content, stopped: chatMessages.stopped }).from(chatMessages).where(eq(chatMessages.id, id));
    expect(await read(ids[0]!)).toEqual([{ content: 'Half an answer [1].', stopped: true }]);
    expect(await read(ids[1]!)).toEqual([{ content: 'A whole answer.', stopped: false }]);
  });
});
