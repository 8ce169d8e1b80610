import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createSuperadmin, createTenantFixture, lastAuditEntry, trpcCode, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let f: Fixture;
let other: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  other = await createTenantFixture(t.db);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const admin = (who: Fixture = f) => callerFor(t.db, asUser(who, 'admin'));

describe('workspace time zone', () => {
  it('defaults to UTC, and an admin sets it for their workspace only, audited', async () => {
    expect(await admin().settings.getWorkspace()).toEqual({ timeZone: 'UTC' });
    expect(await admin().settings.updateWorkspace({ timeZone: 'Europe/Lisbon' })).toEqual({ timeZone: 'Europe/Lisbon' });
    expect(await admin().settings.getWorkspace()).toEqual({ timeZone: 'Europe/Lisbon' });
    expect(await admin(other).settings.getWorkspace()).toEqual({ timeZone: 'UTC' });
    expect(await lastAuditEntry(f, 'settings.workspace_update')).toMatchObject({
      actorId: f.users.admin.id,
      payload: { timeZone: 'Europe/Lisbon', previousTimeZone: 'UTC' },
    });
  });

  it('keeps the other tenant settings when the time zone changes', async () => {
    const g = await createTenantFixture(t.db);
    const superadmin = await createSuperadmin(t.db);
    await callerFor(t.db, superadmin.claims).tenants.update({ id: g.tenant.id, settings: { maxFileSizeBytes: 1024 * 1024 } });
    await admin(g).settings.updateWorkspace({ timeZone: 'Asia/Tokyo' });
    expect(await admin(g).documents.uploadSettings()).toMatchObject({ maxFileSizeBytes: 1024 * 1024 });
    expect(await admin(g).settings.getWorkspace()).toEqual({ timeZone: 'Asia/Tokyo' });
  });

  it('refuses a zone that is not one, saying so, and changes nothing', async () => {
    const g = await createTenantFixture(t.db);
    for (const timeZone of ['Europe/Atlantis', '+05:00', 'EST5EDT', '']) {
      const error = await admin(g)
        .settings.updateWorkspace({ timeZone })
        .then(
          () => null,
          (e: { code?: string; message: string }) => e,
        );
      expect(error?.code).toBe('BAD_REQUEST');
      expect(error?.message).toMatch(/time zone/);
    }
    expect(await admin(g).settings.getWorkspace()).toEqual({ timeZone: 'UTC' });
  });

  it('is only for those who manage settings', async () => {
    expect(await trpcCode(callerFor(t.db, asUser(f, 'editor')).settings.updateWorkspace({ timeZone: 'UTC' }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, asUser(f, 'viewer')).settings.getWorkspace())).toBe('FORBIDDEN');
  });
});
