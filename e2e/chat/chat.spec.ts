import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { makeTextPdf } from '../../test/samples/generate';
import { ACCOUNTS, signIn, SCREENSHOT_DIR } from '../support/auth';
import { ask, startChat, trpcMutation, uploadAndWait } from '../support/chat';

const RUN = Date.now().toString(36);
const SHOTS = `${SCREENSHOT_DIR}/chat`;
test.describe.configure({ mode: 'serial' });

test.describe('chat with citations', () => {
  let pricing: { collection: string; document: string };

  test.beforeAll(async ({ browser }) => {
    mkdirSync(SHOTS, { recursive: true });
    const page = await browser.newPage();
    await signIn(page, ACCOUNTS.acmeAdmin);
    const collection = await trpcMutation<{ id: string }>(page, 'collections.create', {
      name: `Price lists ${RUN}`,
      description: '',
      visibility: 'tenant',
    });
    const document = await uploadAndWait(page, {
      collectionId: collection.id,
      name: `price-list-${RUN}.pdf`,
      mimeType: 'application/pdf',
      buffer: Buffer.from(await makeTextPdf()),
    });
    pricing = { collection: collection.id, document };
    await page.close();
  });

  test('[CHAT][ASK_CITE]: an answer streams in; its citation opens beside it with the quote marked, then the document at that sentence', async ({
    page,
  }) => {
    await signIn(page, ACCOUNTS.acmeAdmin);
    await startChat(page, `Price lists ${RUN}`);
    await page.getByRole('textbox', { name: 'Ask a question' }).fill('When is the Lisbon office open?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    // While it streams, the answer is marked in progress and can be stopped.
    await expect(
      page.getByRole('article', { name: 'Answer, in progress' }).or(page.getByRole('article', { name: 'Answer', exact: true })),
    ).toBeVisible({ timeout: 30_000 });
    const answer = page.getByRole('article', { name: 'Answer', exact: true }).last();
    await expect(answer).toContainText('Monday to Friday from nine to five', { timeout: 60_000 });
    await expect(answer.getByRole('heading', { name: 'Sources' })).toBeVisible();

    // The marker opens the source beside the answer; the chat stays.
    const marker = answer.getByRole('button', { name: new RegExp(`^Source 1: price-list-${RUN}\\.pdf, page 3`) }).first();
    await marker.click();
    const panel = page.getByRole('complementary', { name: `price-list-${RUN}.pdf` });
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('Page 3');
    await expect(panel.locator('mark')).toContainText('Lisbon office is open');
    await expect(panel).toBeFocused();
    await expect(answer).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Ask a question' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/citation-panel-laptop.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/citation-panel-laptop-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    // Escape closes it and puts focus back on the marker.
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(marker).toBeFocused();

    await marker.click();
    await panel.getByRole('link', { name: 'Open document' }).click();
    await expect(page).toHaveURL(new RegExp(`/t/acme/documents/${pricing.document}\\?page=3&chunk=[0-9a-f-]+&from=\\d+&to=\\d+`));
    await expect(page.getByText('Linked chunk')).toBeVisible({ timeout: 30_000 });
    const quote = page.locator('mark[data-quote]');
    await expect(quote).toContainText('Lisbon office is open');
    // The linked chunk is scrolled clear of the sticky header.
    await expect
      .poll(async () => {
        const header = await page.locator('header').first().boundingBox();
        const chunk = await page.locator('li:has(mark[data-quote])').boundingBox();
        return Boolean(header && chunk && chunk.y >= header.y + header.height && chunk.y < 800);
      })
      .toBe(true);
    await page.screenshot({ path: `${SHOTS}/document-at-cited-sentence.png` });
  });

  test('[CHAT][LOST_QUESTION]: a question typed right after New chat is sent and answered', async ({ page }) => {
    await signIn(page, ACCOUNTS.acmeAdmin);
    await page.goto('/t/acme/chat');
    await page.getByRole('button', { name: 'New chat' }).first().click();
    // No dialog in between: the keys go straight into the question box, Enter sends.
    await page.keyboard.type('When is the Lisbon office open?');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('article', { name: 'Your question' }).last()).toContainText('When is the Lisbon office open?');
    const answer = page.getByRole('article', { name: 'Answer', exact: true }).last();
    await expect(answer).toContainText('nine to five', { timeout: 60_000 });
    await expect(page.getByRole('heading', { name: 'When is the Lisbon office open?', level: 2 })).toBeVisible();
    // The scope of the chat is a menu of collections in the composer.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Collections searched: All collections. Change' }).click();
    await expect(page.getByRole('menuitemcheckbox', { name: /^All collections/ })).toHaveAttribute('aria-checked', 'true');
    await page.screenshot({ path: `${SHOTS}/scope-menu-laptop-dark.png` });
    await page.keyboard.press('Escape');
  });

  test('[CHAT][ACTIONS]: copy an answer, regenerate it, edit and resend a question', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page, ACCOUNTS.acmeAdmin);
    await startChat(page, `Price lists ${RUN}`);
    const first = await ask(page, 'When is the Lisbon office open?');
    await first.getByRole('button', { name: 'Copy' }).click();
    await expect(first.getByRole('button', { name: 'Copied' })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('nine to five');
    expect(copied).toContain(`Sources:\n[1] price-list-${RUN}.pdf, page 3`);
    expect(copied).not.toMatch(/\[\d\]\s*$/m);

    await first.getByRole('button', { name: 'Regenerate' }).click();
    await expect(page.getByRole('article', { name: 'Answer', exact: true })).toHaveCount(2, { timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0, { timeout: 60_000 });
    // Only the last answer offers Regenerate.
    await expect(page.getByRole('button', { name: 'Regenerate' })).toHaveCount(1);

    await page.getByRole('article', { name: 'Your question' }).first().getByRole('button', { name: 'Edit question' }).click();
    const box = page.getByRole('textbox', { name: 'Ask a question' });
    await expect(box).toBeFocused();
    await expect(box).toHaveValue('When is the Lisbon office open?');
    await box.fill('When is the Lisbon office open on Saturdays?');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('article', { name: 'Your question' }).last()).toContainText('on Saturdays?');
    await expect(page.getByRole('article', { name: 'Answer', exact: true })).toHaveCount(3, { timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}/answer-actions-laptop.png` });
  });

  test('[CHAT][SEARCH_ARCHIVED]: search finds the words of messages; Show archived adds archived chats to the list', async ({ page }) => {
    await signIn(page, ACCOUNTS.acmeEditor);
    const kept = await trpcMutation<{ id: string }>(page, 'chat.create', { collectionIds: [] });
    await trpcMutation(page, 'chat.update', { id: kept.id, title: `Kept ${RUN}` });
    const archived = await trpcMutation<{ id: string }>(page, 'chat.create', { collectionIds: [] });
    await trpcMutation(page, 'chat.update', { id: archived.id, title: `Old ${RUN}`, isArchived: true });
    await startChat(page, `Price lists ${RUN}`);
    await ask(page, `Is the Lisbon office open on holiday ${RUN}?`);
    await trpcMutation(page, 'chat.update', {
      id: new URL(page.url()).searchParams.get('session'),
      title: `Office ${RUN}`,
    });
    await page.reload();

    const chats = page.getByRole('navigation', { name: 'Chats' });
    await page.getByRole('searchbox', { name: 'Search chats' }).fill(`holiday ${RUN}`);
    await expect(chats.getByRole('link', { name: `Office ${RUN}` })).toBeVisible();
    await expect(chats.getByRole('link')).toHaveCount(1);
    await expect(chats).toContainText(`holiday ${RUN}`);
    await page.getByRole('searchbox', { name: 'Search chats' }).fill('');

    await expect(chats.getByRole('link', { name: `Kept ${RUN}` })).toBeVisible();
    await expect(chats.getByRole('link', { name: `Old ${RUN}` })).toHaveCount(0);
    await page.getByRole('checkbox', { name: 'Show archived chats' }).check();
    await expect(chats.getByRole('link', { name: `Old ${RUN}` })).toBeVisible();
    await expect(chats.getByRole('link', { name: `Kept ${RUN}` })).toBeVisible();
    await expect(chats.getByRole('link', { name: `Office ${RUN}` })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/search-and-archived-laptop.png` });
  });

  test('[CHAT][PHONE]: on a phone the source opens as a sheet over the chat, in light and dark', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, ACCOUNTS.acmeViewer);
    await startChat(page, `Price lists ${RUN}`);
    await page.screenshot({ path: `${SHOTS}/new-chat-phone.png` });
    const answer = await ask(page, 'When is the Lisbon office open?');
    await answer
      .getByRole('button', { name: /^Source 1:/ })
      .first()
      .click();
    const sheet = page.getByRole('dialog', { name: new RegExp(`^Source 1: price-list-${RUN}`) });
    await expect(sheet).toBeVisible();
    await expect(sheet.locator('mark')).toContainText('Lisbon office is open');
    await expect(sheet.getByRole('link', { name: 'Open document' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/citation-sheet-phone.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/citation-sheet-phone-dark.png` });
    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/chat-phone-dark.png` });
    // The document opens at the cited sentence, clear of the header.
    await answer
      .getByRole('button', { name: /^Source 1:/ })
      .first()
      .click();
    await sheet.getByRole('link', { name: 'Open document' }).click();
    const quote = page.locator('mark[data-quote]');
    await expect(quote).toContainText('Lisbon office is open', { timeout: 30_000 });
    await expect
      .poll(async () => {
        const header = await page.locator('header').first().boundingBox();
        const box = await quote.boundingBox();
        return Boolean(header && box && box.y >= header.y + header.height && box.y + box.height <= 844);
      })
      .toBe(true);
    await page.screenshot({ path: `${SHOTS}/document-at-cited-sentence-phone-dark.png` });
  });

  test('[CHAT][FOLLOW_UP_NO_ANSWER]: follow-ups use the conversation; an unanswerable question gets the no-answer reply', async ({
    page,
  }) => {
    await signIn(page, ACCOUNTS.acmeAdmin);
    await startChat(page, `Price lists ${RUN}`);
    await ask(page, 'Tell me about the Enterprise plan');
    const followUp = await ask(page, 'and what about its price?');
    await expect(followUp).toContainText('ninety euros');
    const none = await ask(page, 'Who won the football world cup in 1998?');
    await expect(none).toContainText("couldn't find anything");
    await expect(none.getByRole('link', { name: /^Source/ })).toHaveCount(0);
  });

  test('[CHAT][RESTRICTED]: a viewer without access is never cited a restricted document', async ({ page, browser }) => {
    await signIn(page, ACCOUNTS.acmeAdmin);
    const board = await trpcMutation<{ id: string }>(page, 'collections.create', {
      name: `Board ${RUN}`,
      description: '',
      visibility: 'restricted',
    });
    await uploadAndWait(page, {
      collectionId: board.id,
      name: `merger-${RUN}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`The secret merger codename is Falcon${RUN}. It closes in March.`),
      visibility: 'restricted',
    });
    const viewerContext = await browser.newContext();
    const viewer = await viewerContext.newPage();
    await signIn(viewer, ACCOUNTS.acmeViewer);
    await startChat(viewer);
    const answer = await ask(viewer, 'What is the secret merger codename?');
    await expect(answer).not.toContainText(`Falcon${RUN}`);
    await expect(answer.getByRole('link', { name: new RegExp(`merger-${RUN}`) })).toHaveCount(0);
    await viewer.screenshot({ path: `${SHOTS}/viewer-no-restricted.png` });
    await viewerContext.close();
    // The admin, who may read it, gets the answer from it.
    await startChat(page);
    const adminAnswer = await ask(page, 'What is the secret merger codename?');
    await expect(adminAnswer).toContainText(`Falcon${RUN}`);
  });
});
