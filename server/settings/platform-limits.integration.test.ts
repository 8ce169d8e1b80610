import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_TYPES } from '@/lib/enums';
import { DEFAULT_MAX_FILE_BYTES } from '@/lib/quota-defaults';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createSuperadmin, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';

/** What a superadmin decides for a workspace, as its own admins read it on the Settings page. */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

describe('settings.platformLimits', () => {
  it('shows the platform defaults as values until a superadmin sets something, then what they set, for that workspace only', async () => {
    const admin = callerFor(t.db, asUser(a, 'admin'));
    await expect(admin.settings.platformLimits()).resolves.toEqual({
      allowedFileTypes: [...FILE_TYPES],
      maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES,
      maxFileSizeIsDefault: true,
      retentionDays: null,
    });
    const root = await createSuperadmin(t.db);
    await callerFor(t.db, root.claims).tenants.update({
      id: a.tenant.id,
      settings: { allowedFileTypes: ['pdf', 'txt'], maxFileSizeBytes: 20 * 1024 ** 2 },
      retentionDays: 365,
    });
    await expect(admin.settings.platformLimits()).resolves.toEqual({
      allowedFileTypes: ['pdf', 'txt'],
      maxFileSizeBytes: 20 * 1024 ** 2,
      maxFileSizeIsDefault: false,
      retentionDays: 365,
    });
    await expect(callerFor(t.db, asUser(b, 'admin')).settings.platformLimits()).resolves.toMatchObject({
      maxFileSizeIsDefault: true,
      retentionDays: null,
    });
  });

  it('is for settings managers', async () => {
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).settings.platformLimits())).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).settings.platformLimits())).toBe('FORBIDDEN');
  });
});
