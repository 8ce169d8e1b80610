/**
 * How soon a list page shows its first row: milliseconds from navigation start until the first
 * data row is visible (a headless Chromium against a running production server), the server's
 * time to first byte, and whether the first HTML response already holds a row (fetched with the
 * session cookie, before any script runs). Prints numbers; not part of `npm test`.
 *
 *   npm run build && PORT=3300 EMBEDDED_DATA_DIR=.data/measure-pglite npm run serve
 *   BENCH_URL=http://localhost:3300 npx tsx bench/first-row.ts
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { summarize } from './stats';

const BASE = process.env.BENCH_URL ?? 'http://localhost:3300';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';

/** A data row of the list, not its "Loading…" or empty-state row (those span every column). */
const TABLE_ROW = 'main table tbody tr:not(:has(td[colspan]))';
const TABLE_ROW_HTML = /<tbody[^>]*>\s*<tr[^>]*>\s*<td(?![^>]*colSpan)(?![^>]*colspan)/;

type Target = { path: string; row: string; html: RegExp };
const table = (path: string): Target => ({ path, row: TABLE_ROW, html: TABLE_ROW_HTML });

const TENANT_PAGES: Target[] = [
  table('/t/acme/documents'),
  table('/t/acme/documents/collections'),
  table('/t/acme/documents/jobs'),
  table('/t/acme/users'),
  { path: '/t/acme/users/roles', row: 'main [aria-label^="Permissions of"]', html: /aria-label="Permissions of/ },
  // The demo seed has no API keys: here the mark is the list's settled empty state.
  { path: '/t/acme/users/api-keys', row: 'main table tbody td:not(:has-text("Loading"))', html: /No active API keys/ },
  table('/t/acme/audit'),
];
const ADMIN_PAGES: Target[] = [table('/admin/tenants'), table('/admin/audit')];

async function signedIn(browser: Browser, workspace: string, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Workspace').fill(workspace);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 });
  await page.close();
  return context;
}

async function measure(context: BrowserContext, target: Target) {
  const rowMs: number[] = [];
  const ttfbMs: number[] = [];
  let missing = 0;
  for (let run = 0; run < RUNS; run++) {
    const page = await context.newPage();
    await page.goto(target.path, { waitUntil: 'commit' });
    try {
      await page.locator(target.row).first().waitFor({ state: 'visible', timeout: 20_000 });
      // performance.now() counts from the navigation's start (time origin).
      const [now, ttfb] = await page.evaluate(() => [
        performance.now(),
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart,
      ]);
      if (run > 0) {
        // The first run warms the server (compiled routes, caches); it is not counted.
        rowMs.push(now);
        ttfbMs.push(ttfb);
      }
    } catch {
      missing++;
    }
    await page.close();
  }
  const response = await context.request.get(target.path);
  const html = await response.text();
  return { rowMs, ttfbMs, missing, rowInHtml: target.html.test(html), status: response.status() };
}

function fmt(values: number[]): string {
  if (values.length === 0) return 'n/a';
  const s = summarize(values);
  return `p50 ${s.p50.toFixed(0).padStart(5)}  mean ${s.mean.toFixed(0).padStart(5)}  min ${s.min.toFixed(0).padStart(5)}  max ${s.max.toFixed(0).padStart(5)}`;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const groups: Array<[BrowserContext, Target[]]> = [
      [await signedIn(browser, 'acme', 'admin@acme.test'), TENANT_PAGES],
      [await signedIn(browser, '', 'superadmin@demo.local'), ADMIN_PAGES],
    ];
    console.log(`first row visible, ms from navigation start (${RUNS - 1} runs each after one warm-up) — ${BASE}`);
    const only = process.env.BENCH_ONLY;
    for (const [context, targets] of groups) {
      for (const target of targets.filter((t) => !only || t.path.includes(only))) {
        const r = await measure(context, target);
        console.log(
          `${target.path.padEnd(30)} row: ${fmt(r.rowMs)} | ttfb: ${fmt(r.ttfbMs)} | row in first HTML: ${r.rowInHtml ? 'yes' : 'no '}` +
            (r.missing ? ` | no row within 20 s in ${r.missing} runs` : '') +
            (r.status !== 200 ? ` | HTTP ${r.status}` : ''),
        );
      }
    }
  } finally {
    await browser.close();
  }
}

void main();
