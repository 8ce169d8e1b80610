import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, SCREENSHOT_DIR, signIn } from '../support/auth';
import { dialog, readCopyField } from '../support/admin';

/**
 * The public REST API as an integrator meets it: the reference page (offline, from the OpenAPI
 * document), its curl examples run with a key made in the console, and the quickstart script.
 */

const run = promisify(execFile);
const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const SHOTS = `${SCREENSHOT_DIR}/api`;
const WORK = mkdtempSync(path.join(tmpdir(), 'ao-api-e2e-'));
test.describe.configure({ mode: 'serial' });

/** A text file with a fact only this run knows (new bytes each run: no duplicate refusal). */
function factFile(name: string, codename: string, date: string) {
  const file = path.join(WORK, name);
  writeFileSync(
    file,
    `Project ${codename} handbook (${RUN}).\n\nThe ${codename} launch date is ${date}. The launch takes place in Lisbon.\n`,
  );
  return file;
}

/** Creates a key in the console as the acme admin, with the scopes an integration needs. */
async function createKeyInConsole(page: Page): Promise<string> {
  await signIn(page, ACCOUNTS.acmeAdmin);
  await page.goto('/t/acme/users/api-keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const form = dialog(page, 'Create API key');
  await form.getByLabel('Name', { exact: true }).fill(`REST e2e ${RUN}`);
  for (const scope of ['Read documents', 'Manage documents', 'Chat'])
    await form.getByRole('checkbox', { name: scope, exact: true }).check();
  await form.getByRole('button', { name: 'Create key' }).click();
  const key = await readCopyField(form, 'API key');
  await form.getByRole('button', { name: 'Done' }).click();
  return key;
}

/**
 * The operation's section of the reference: Scalar renders sections as they scroll into view, so
 * its entry in the sidebar is followed first, as a reader would.
 */
async function openOperation(page: Page, summary: string, method: string, apiPath: string) {
  await page.getByRole('complementary').or(page.locator('aside')).first().getByText(summary, { exact: true }).click();
  const section = page.locator(`section[id$="/${method}${apiPath}"]`).first();
  await expect(section).toBeVisible();
  return section;
}

/** The curl example the reference shows for an operation, as rendered. */
async function curlExample(page: Page, summary: string, method: string, apiPath: string): Promise<string> {
  const section = await openOperation(page, summary, method, apiPath);
  const code = section.locator('code.language-curl').first();
  await expect(code).toBeVisible();
  const text = (await code.textContent()) ?? '';
  expect(text).toContain('curl ');
  return text;
}

/** Runs a curl command line as a person would paste it into a shell, and parses the JSON answer. */
async function runCurl(command: string): Promise<{ status: number; body: unknown }> {
  const { stdout } = await run('bash', ['-c', `${command.trim()} --silent --show-error --write-out '\\n%{http_code}'`], {
    timeout: 120_000,
  });
  const lines = stdout.trimEnd().split('\n');
  const status = Number(lines.pop());
  return { status, body: JSON.parse(lines.join('\n')) };
}

let apiKey: string;

test.beforeAll(async ({ browser }) => {
  mkdirSync(SHOTS, { recursive: true });
  const page = await browser.newPage();
  apiKey = await createKeyInConsole(page);
  await page.close();
});

test('[API][REFERENCE]: /docs/api renders the OpenAPI document with no request off the console’s origin, on a laptop and a phone', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const offOrigin: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)) offOrigin.push(url);
  });
  await page.goto('/docs/api');
  await expect(page.getByRole('heading', { level: 1, name: 'REST API reference' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'AgenticOmni Console API' })).toBeVisible({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SHOTS}/reference-laptop.png` });
  for (const [summary, method, apiPath, shot] of [
    ['Upload a document', 'POST', '/documents', 'upload'],
    ['Ask a question', 'POST', '/chat/sessions/{id}/questions', 'ask'],
  ] as const) {
    // Scalar fills a path parameter with an example value.
    const url = `${origin}/api/v1${apiPath}`.replace(/[.?]/g, '\\$&').replace('{id}', '[^/ ]+');
    expect(await curlExample(page, summary, method, apiPath)).toMatch(new RegExp(`^curl ${url} `));
    await page.screenshot({ path: `${SHOTS}/reference-${shot}-laptop.png` });
  }

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/docs/api');
  await expect(page.getByRole('heading', { name: 'AgenticOmni Console API' })).toBeVisible({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SHOTS}/reference-phone.png` });
  expect(offOrigin, 'requests that left the console').toEqual([]);
});

test('[API][REFERENCE_ERROR]: the reference says so when the document cannot be loaded', async ({ page }) => {
  await page.route('**/api/v1/openapi.json', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto('/docs/api');
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('The API description could not be loaded (/api/v1/openapi.json answered HTTP 503).');
  await page.unroute('**/api/v1/openapi.json');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'AgenticOmni Console API' })).toBeVisible({ timeout: 30_000 });
});

test('[API][EXAMPLES]: the reference’s curl examples, with a key made in the console, upload a file and get a cited answer', async ({
  page,
  request,
}) => {
  const auth = { authorization: `Bearer ${apiKey}` };
  await page.goto('/docs/api');
  await expect(page.getByRole('heading', { name: 'AgenticOmni Console API' })).toBeVisible({ timeout: 30_000 });

  // Upload: the example as shown, with the key, the file and no empty optional fields.
  const file = factFile(`zephyr-${RUN}.txt`, `Zephyr${RUN}`, '14 March 2027');
  const uploadCommand = (await curlExample(page, 'Upload a document', 'POST', '/documents'))
    .replace('YOUR_SECRET_TOKEN', apiKey)
    .replace(/'file=@[^']*'/, `'file=@${file}'`)
    .replace(/ \\\n\s*--form '[A-Za-z]+='/g, '');
  const uploaded = await runCurl(uploadCommand);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
  const documentId = (uploaded.body as { id: string }).id;
  await expect
    .poll(
      async () => ((await (await request.get(`/api/v1/documents/${documentId}`, { headers: auth })).json()) as { status: string }).status,
      {
        timeout: 120_000,
      },
    )
    .toBe('completed');

  const session = await request.post('/api/v1/chat/sessions', { headers: auth, data: {} });
  expect(session.status()).toBe(201);
  const sessionId = ((await session.json()) as { id: string }).id;

  // Ask: the example with the chat's id and a question in its body.
  const askCommand = (await curlExample(page, 'Ask a question', 'POST', '/chat/sessions/{id}/questions'))
    .replace('YOUR_SECRET_TOKEN', apiKey)
    .replace(/\/chat\/sessions\/[^/ ]+\/questions/, `/chat/sessions/${sessionId}/questions`)
    .replace(/--data '[^']*'/, `--data '${JSON.stringify({ question: `When is the Zephyr${RUN} launch date?` })}'`);
  const answered = await runCurl(askCommand);
  expect(answered.status, JSON.stringify(answered.body)).toBe(201);
  const answer = answered.body as { content: string; citations: Array<{ documentId: string; documentName: string; quote: string }> };
  expect(answer.content).toContain('14 March 2027');
  expect(answer.citations.length).toBeGreaterThan(0);
  expect(answer.citations[0]).toMatchObject({ documentId, documentName: `zephyr-${RUN}.txt` });
  expect(answer.citations[0]!.quote).toContain('14 March 2027');
});

test('[API][QUICKSTART]: examples/api-quickstart.mjs uploads, waits, asks and prints the cited answer', async ({ baseURL }) => {
  const file = factFile(`aurora-${RUN}.txt`, `Aurora${RUN}`, '2 June 2028');
  const { stdout } = await run(process.execPath, ['examples/api-quickstart.mjs', file, `When is the Aurora${RUN} launch date?`], {
    env: { ...process.env, BASE_URL: baseURL!, API_KEY: apiKey },
    timeout: 180_000,
  });
  expect(stdout).toMatch(new RegExp(`Uploaded aurora-${RUN}\\.txt as document [0-9a-f-]{36}`));
  expect(stdout).toContain('Document is completed.');
  expect(stdout).toMatch(/Answer: .*2 June 2028.*\[1\]/);
  expect(stdout).toMatch(new RegExp(`\\[1\\] aurora-${RUN}\\.txt \\(document [0-9a-f-]{36}\\): ".*2 June 2028.*"`));

  // STREAM=1: the same through Server-Sent Events, the answer printed as it is written.
  const streamedFile = factFile(`borealis-${RUN}.txt`, `Borealis${RUN}`, '9 September 2029');
  const streamed = await run(process.execPath, ['examples/api-quickstart.mjs', streamedFile, `When is the Borealis${RUN} launch date?`], {
    env: { ...process.env, BASE_URL: baseURL!, API_KEY: apiKey, STREAM: '1' },
    timeout: 180_000,
  });
  expect(streamed.stdout).toMatch(/Answer: .*9 September 2029.*\[1\]/);
  expect(streamed.stdout).toMatch(new RegExp(`\\[1\\] borealis-${RUN}\\.txt \\(document [0-9a-f-]{36}\\): ".*9 September 2029.*"`));

  // A wrong key fails with the API's own sentence and exit code 1.
  const failed = await run(process.execPath, ['examples/api-quickstart.mjs', file], {
    env: { ...process.env, BASE_URL: baseURL!, API_KEY: 'ao_nope_nope' },
  }).catch((error: { code: number; stderr: string }) => error);
  expect(failed).toMatchObject({ code: 1 });
  expect((failed as { stderr: string }).stderr).toMatch(/Uploading the file failed: HTTP 401 unauthorized/);
});
