import { expect, type Page } from '@playwright/test';

/** Calls a tRPC mutation as the signed-in page (superjson wire format, no batching). */
export async function trpcMutation<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

export async function trpcQuery<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Uploads a file as the signed-in page and waits until the worker has processed it. */
export async function uploadAndWait(
  page: Page,
  input: { collectionId: string; name: string; mimeType: string; buffer: Buffer; visibility?: 'tenant' | 'restricted' },
): Promise<string> {
  const response = await page.request.post('/api/documents/upload', {
    multipart: {
      file: { name: input.name, mimeType: input.mimeType, buffer: input.buffer },
      collectionId: input.collectionId,
      visibility: input.visibility ?? 'tenant',
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { documentId } = (await response.json()) as { documentId: string };
  await expect
    .poll(async () => (await trpcQuery<{ status: string }>(page, 'documents.get', { id: documentId })).status, { timeout: 90_000 })
    .toBe('completed');
  return documentId;
}

/** Asks in the open chat and waits for the stored answer. */
export async function ask(page: Page, question: string) {
  await page.getByRole('textbox', { name: 'Ask a question' }).fill(question);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const answer = page.getByRole('article', { name: 'Answer', exact: true }).last();
  await expect(answer).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0, { timeout: 60_000 });
  return answer;
}

/**
 * Opens the chat page on a new chat (New chat puts focus in the question box) and, when a
 * collection is named, scopes the chat to it with the composer's collection picker.
 */
export async function startChat(page: Page, collectionName?: string) {
  if (!/\/chat(\?|$)/.test(page.url())) await page.goto(`/t/${page.url().match(/\/t\/([^/]+)/)?.[1] ?? 'acme'}/chat`);
  // On a phone, New chat is in the drawer of chats.
  const showChats = page.getByRole('button', { name: 'Show chats' });
  if (await showChats.isVisible()) await showChats.click();
  await page.getByRole('button', { name: 'New chat' }).locator('visible=true').first().click();
  await expect(page.getByRole('textbox', { name: 'Ask a question' })).toBeFocused();
  if (collectionName) {
    await page.getByRole('button', { name: /^Collections searched:/ }).click();
    await page.getByRole('menuitemcheckbox', { name: new RegExp(`^${collectionName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: `Collections searched: ${collectionName}. Change` })).toBeVisible();
  }
}
