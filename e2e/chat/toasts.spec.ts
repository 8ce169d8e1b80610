import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ACCOUNTS, signIn, SCREENSHOT_DIR } from '../support/auth';
import { trpcMutation } from '../support/chat';

const RUN = Date.now().toString(36);
const SHOTS = `${SCREENSHOT_DIR}/chat`;

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Archives the open chat from its header menu: a toast with Undo says so. */
async function archiveOpenChat(page: Page): Promise<Locator> {
  await page
    .getByRole('button', { name: `Actions for chat “Toast ${RUN}”` })
    .last()
    .click();
  await page.getByRole('menuitem', { name: 'Archive' }).click();
  const toast = page.locator('[data-sonner-toast]').filter({ hasText: `Archived “Toast ${RUN}”` });
  await expect(toast).toBeVisible();
  return toast;
}

for (const viewport of [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`[CHAT][TOASTS] ${viewport.name}: a toast covers neither Send, New chat nor the header, and stays under an open dialog's backdrop`, async ({
    page,
  }) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize(viewport);
    await signIn(page, ACCOUNTS.acmeEditor);
    const chat = await trpcMutation<{ id: string }>(page, 'chat.create', { collectionIds: [] });
    await trpcMutation(page, 'chat.update', { id: chat.id, title: `Toast ${RUN}` });
    await page.goto(`/t/acme/chat?session=${chat.id}`);
    await expect(page.getByRole('heading', { name: `Toast ${RUN}`, level: 2 })).toBeVisible();

    const toast = await archiveOpenChat(page);
    const header = (await page.locator('header').first().boundingBox())!;
    // Where it rests once it has slid in.
    await expect.poll(async () => (await toast.boundingBox())!.y).toBeGreaterThanOrEqual(header.y + header.height);
    const box = (await toast.boundingBox())!;
    const send = (await page.getByRole('button', { name: 'Send', exact: true }).boundingBox())!;
    expect(overlaps(box, send)).toBe(false);
    const newChat = page.getByRole('button', { name: 'New chat' }).locator('visible=true');
    if (await newChat.count()) expect(overlaps(box, (await newChat.first().boundingBox())!)).toBe(false);
    await page.screenshot({ path: `${SHOTS}/toast-${viewport.name}.png` });

    // A dialog opened while toasts show: its backdrop is stacked above them. The stacking is
    // compared (a toast may time out while a busy machine opens the dialog); where the toast is
    // still there, the point at its centre belongs to the backdrop.
    const toasterZ = await page
      .locator('[data-sonner-toaster]')
      .first()
      .evaluate((el) => Number(getComputedStyle(el).zIndex));
    await page
      .getByRole('button', { name: `Actions for chat “Toast ${RUN}”` })
      .last()
      .click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await expect(page.getByRole('dialog', { name: 'Rename chat' })).toBeVisible();
    const overlayZ = await page
      .locator('div.fixed.inset-0[data-state="open"]')
      .first()
      .evaluate((el) => Number(getComputedStyle(el).zIndex));
    expect(toasterZ).toBeLessThan(overlayZ);
    if (await toast.isVisible()) {
      const topmost = await toast.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit ? el.contains(hit) : false;
      });
      expect(topmost).toBe(false);
    }
    await page.screenshot({ path: `${SHOTS}/toast-under-dialog-${viewport.name}.png` });
  });
}
