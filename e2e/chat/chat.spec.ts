import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { makeTextPdf } from '../../test/samples/generate';
import { ACCOUNTS, signIn, SCREENSHOT_DIR } from '../support/auth';
import { ask, trpcMutation, uploadAndWait } from '../support/chat';

const RUN = Date.now().toString(36);
const SHOTS = `${SCREENSHOT_DIR}/chat`;
test.describe.configure({ mode: 'serial' });

async function startChat(page: Page, collectionName?: string) {
  await page.goto('/t/acme/chat');
  await page.getByRole('button', { name: 'New chat' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New chat' });
  if (collectionName) await dialog.getByRole('checkbox', { name: collectionName }).check();
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await expect(dialog).toHaveCount(0);
}

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

  test('[CHAT][ASK_CITE]: an answer streams in with a citation that shows its passage and opens the document at its page', async ({
    page,
  }) => {
    await signIn(page, ACCOUNTS.acmeAdmin);
    await startChat(page, `Price lists ${RUN}`);
    await page.getByRole('textbox', { name: 'Ask a question' }).fill('When is the Lisbon office open?');
    await page.getByRole('button', { name: 'Send' }).click();
    // While it streams, the answer is marked in progress and can be stopped.
    await expect(
      page.getByRole('article', { name: 'Answer, in progress' }).or(page.getByRole('article', { name: 'Answer', exact: true })),
    ).toBeVisible({ timeout: 30_000 });
    const answer = page.getByRole('article', { name: 'Answer', exact: true }).last();
    await expect(answer).toContainText('Monday to Friday from nine to five', { timeout: 60_000 });
    const marker = answer.getByRole('link', { name: new RegExp(`^Source 1: price-list-${RUN}\\.pdf, page 3`) }).first();
    await marker.hover();
    await expect(page.getByRole('tooltip')).toContainText('Page 3');
    await expect(page.getByRole('tooltip')).toContainText('Lisbon office is open');
    await page.screenshot({ path: `${SHOTS}/answer-with-tooltip.png` });
    await expect(answer.getByRole('heading', { name: 'Sources' }).or(page.getByRole('heading', { name: 'Sources' }).last())).toBeVisible();
    await marker.click();
    await expect(page).toHaveURL(new RegExp(`/t/acme/documents/${pricing.document}\\?page=3&chunk=`));
    await expect(page.getByText('Linked chunk')).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/document-at-cited-page.png` });
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
