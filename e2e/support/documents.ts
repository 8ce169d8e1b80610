import { expect, type Locator, type Page } from '@playwright/test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { makeDocx, makeTextPdf } from '../../test/samples/generate';
import { SCREENSHOT_DIR } from './auth';

export const DOCUMENTS_SCREENSHOT_DIR = `${SCREENSHOT_DIR}/documents`;

/** What Playwright's setInputFiles / FileChooser.setFiles take for a file made in memory. */
export type FilePayload = { name: string; mimeType: string; buffer: Buffer };

export const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown',
  txt: 'text/plain',
} as const;

/** A short id unique to one run (and one test), for file and collection names. */
export function runId() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 46656)
    .toString(36)
    .padStart(3, '0')}`;
}

/**
 * A full-page screenshot under test-results/screenshots/documents/. Scrolled to the top first:
 * the sticky header would otherwise be drawn at the scroll position, mid-image.
 */
export async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${DOCUMENTS_SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/**
 * The three-page price list (page 2: "The Enterprise plan is priced at ninety euros…"), with the
 * run id as its subject so that its checksum is new and it is never taken for a duplicate.
 */
export async function pricePdf(id: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await makeTextPdf());
  doc.setSubject(`e2e ${id}`);
  return doc.save();
}

/** The handbook DOCX, its title carrying the run id (so two tests never make the same bytes). */
export async function handbookDocx(id: string): Promise<Uint8Array> {
  const files = unzipSync(await makeDocx());
  const core = new TextDecoder().decode(files['docProps/core.xml']);
  files['docProps/core.xml'] = strToU8(core.replace(/<dc:title>[^<]*<\/dc:title>/, `<dc:title>Handbook ${id}</dc:title>`));
  return zipSync(files);
}

/**
 * The first third of a real PDF: its header says PDF, the rest is missing. With an id, a comment
 * line after the cut makes the bytes its own, so it is never taken for another run's copy.
 */
export async function truncatedPdf(id?: string): Promise<Uint8Array> {
  const bytes = await makeTextPdf();
  const cut = bytes.slice(0, Math.floor(bytes.length / 3));
  return id ? Buffer.concat([cut, strToU8(`\n%${id}\n`)]) : cut;
}

/**
 * The start of a Windows program: "MZ", the DOS header (with the NULs that make it binary, so
 * it can never pass for text) and the PE signature.
 */
export function windowsProgram(): Uint8Array {
  const bytes = new Uint8Array(512);
  bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]);
  bytes[0x3c] = 0x80; // e_lfanew: the PE header's offset
  bytes.set(strToU8('This program cannot be run in DOS mode.'), 0x4e);
  bytes.set([0x50, 0x45, 0x00, 0x00, 0x4c, 0x01], 0x80); // "PE\0\0", i386
  return bytes;
}

export function payload(name: string, mimeType: string, bytes: Uint8Array | string): FilePayload {
  return { name, mimeType, buffer: Buffer.from(typeof bytes === 'string' ? strToU8(bytes) : bytes) };
}

/** Opens the Documents page of a workspace (signed in already) and waits for the list. */
export async function openDocuments(page: Page, slug: string) {
  await page.goto(`/t/${slug}/documents`);
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
  await expect(documentsTable(page)).toBeVisible();
}

/** Chooses the upload collection, then the files, through the "Choose files" button's file chooser. */
export async function uploadFiles(page: Page, files: FilePayload[], options: { collection?: string; restricted?: boolean } = {}) {
  const main = page.getByRole('main');
  const target = main.getByLabel('Upload to collection');
  // The collections load after the page: the select is there once they have.
  await expect(target).toBeVisible();
  if (options.collection) await target.selectOption({ label: options.collection });
  if (options.restricted !== undefined) await main.getByRole('checkbox', { name: 'Restricted' }).setChecked(options.restricted);
  const chooser = page.waitForEvent('filechooser');
  await main.getByRole('button', { name: 'Choose files' }).click();
  await (await chooser).setFiles(files);
}

/** The upload panel's list of files. */
export function uploadsList(page: Page): Locator {
  return page.getByRole('main').getByRole('list', { name: 'Uploads' });
}

/** One file's row in the upload panel. */
export function uploadRow(page: Page, filename: string): Locator {
  return uploadsList(page).getByRole('listitem').filter({ hasText: filename });
}

export function documentsTable(page: Page): Locator {
  return page.getByRole('main').getByRole('table', { name: 'Documents of this workspace' });
}

/** A document's row in the list, found by the link on its name. */
export function documentRow(page: Page, filename: string): Locator {
  return documentsTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: filename, exact: true }) });
}

/** Types into "Search documents" and waits for the (debounced) list to settle. */
export async function searchDocuments(page: Page, text: string) {
  await page.getByRole('main').getByLabel('Search documents').fill(text);
  // The search is debounced: let the request start, then wait for the table to settle.
  await page.waitForTimeout(400);
  await expect(documentsTable(page).locator('xpath=ancestor::div[@aria-busy][1]')).toHaveAttribute('aria-busy', 'false');
}

/** Waits, without reloading, until the list shows the document as `status` (live status stream). */
export async function expectStatus(page: Page, filename: string, status: 'Completed' | 'Failed', timeout = 90_000) {
  await expect(documentRow(page, filename).getByRole('cell').nth(3)).toContainText(status, { timeout });
}

/** Marks the current page; `expectNotReloaded` fails if a navigation or reload dropped the mark. */
export async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __e2eMark?: boolean }).__e2eMark = true));
}

export async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true), 'the page was not reloaded').toBe(
    true,
  );
}
