import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { acceptInvitation, dialog, readCopyField, type RunAccount, uniqueRun } from '../support/admin';
import { ACCOUNTS, mainNav, SCREENSHOT_DIR, signIn, screenshotsIn } from '../support/auth';
import { trpcMutation, uploadAndWait } from '../support/chat';

/**
 * The workspace's embedder on the Settings page, in a workspace of its own (the demo workspaces'
 * retrieval stays as other specs expect it): the admin switches between the two offline
 * embedders, watches every passage being embedded again and sees the new one in use.
 */
test.describe.configure({ mode: 'serial' });

const run = uniqueRun();
const SHOTS = `${SCREENSHOT_DIR}/settings`;
const admin: RunAccount = {
  workspace: run.slug,
  email: `admin-${run.id}@e2e.test`,
  password: `e2e-password-${run.id}`,
  name: 'Emma Embedder',
  tenantName: run.tenantName,
  landing: 'overview',
};
const state = { invitation: '' };
const shot = screenshotsIn(SHOTS);

/** The choices' names in the form, and how the card names each once in use. */
const CHOICES = {
  hash: { radio: 'Local hashing', inUse: /hashing/i },
  lite: { radio: 'Universal Sentence Encoder lite', inUse: /Universal Sentence Encoder lite/ },
} as const;
const DOCS = [
  'Remote access. The ssh service listens on port 22 for secure shell logins from the office network.',
  'Lunch. The canteen serves lunch from noon until two in the afternoon, and coffee all day.',
  'Backups. Backups run nightly and are kept for thirty days in the vault in the basement.',
];

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('[SETTINGS][SETUP]: the superadmin creates a workspace for the embeddings story', async ({ page }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await page.getByRole('button', { name: 'New tenant' }).click();
  const form = dialog(page, 'New tenant');
  await form.getByLabel('Name', { exact: true }).fill(run.tenantName);
  await form.getByLabel('Slug').fill(run.slug);
  await form.getByLabel('First admin email').fill(admin.email);
  await form.getByRole('button', { name: 'Create tenant' }).click();
  state.invitation = await readCopyField(dialog(page, 'Tenant created'), 'Invitation link');
});

test('[SETTINGS][EMBEDDINGS]: an admin changes the embedder and watches every passage re-embedded before it takes over', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  expect(state.invitation, 'the first step created the tenant').not.toBe('');
  const page = await acceptInvitation(browser, state.invitation, admin);
  try {
    const { id: collectionId } = await trpcMutation<{ id: string }>(page, 'collections.create', {
      name: 'Handbook',
      description: '',
      visibility: 'tenant',
    });
    for (const [i, text] of DOCS.entries()) {
      await uploadAndWait(page, { collectionId, name: `note-${i}.txt`, mimeType: 'text/plain', buffer: Buffer.from(text) });
    }

    await mainNav(page).getByRole('link', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'Embeddings' });
    await expect(card).toBeVisible();
    const inUse = card.getByRole('definition').first();
    await expect(card.getByText('Vectors', { exact: true })).toBeVisible();
    const current = (await inUse.textContent()) ?? '';
    // The other offline embedder: whichever the platform's default was, the switch is a real one.
    const target = CHOICES.hash.inUse.test(current) ? CHOICES.lite : CHOICES.hash;
    await expect(card.getByText('Changing it embeds every passage of every document again')).toBeVisible();
    await shot(page, 'embeddings-before');

    // Keyboard: the choice is a radio group, the button a submit.
    await card.getByRole('radio', { name: target.radio }).check();
    await card.getByRole('button', { name: 'Change and re-embed' }).click();
    await expect(page.getByText('Re-embedding started.')).toBeVisible();
    await shot(page, 'embeddings-started');

    // The bar reaches the end, then the new embedder is in use with a vector per passage.
    await expect(card.getByRole('progressbar')).toHaveCount(0, { timeout: 120_000 });
    await expect(inUse).toHaveText(target.inUse);
    await expect(card.getByRole('alert')).toHaveCount(0);
    const vectors = card.getByRole('definition').nth(3);
    await expect(vectors).toHaveText(String(DOCS.length));
    await shot(page, 'embeddings-switched');

    // Choosing what is already in use says so and starts nothing.
    await card.getByRole('radio', { name: target.radio }).check();
    await card.getByRole('button', { name: 'Change and re-embed' }).click();
    await expect(card.getByRole('alert')).toContainText('is already this workspace’s embedder.');

    // Phone width, dark mode.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: `${SHOTS}/embeddings-phone-dark.png` });
  } finally {
    await page.context().close();
  }
});
