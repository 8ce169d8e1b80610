/**
 * First-load JavaScript per route, compressed: what a browser downloads before a page of the
 * console can run. Reads the production build (`npm run build` first): Turbopack writes no size
 * table and no app-build-manifest, so the files come from `.next/build-manifest.json` (the
 * runtime every page loads) and each page's `page_client-reference-manifest.js` (the chunks of
 * the page and its layouts, `entryJSFiles`). Each file is gzipped here (level 9, as a server or
 * CDN would serve it) and counted once per route.
 *
 *   npx tsx bench/route-js.ts            table of every page route
 *   npx tsx bench/route-js.ts --max 200  also exits 1 when a route is over 200 KB
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import vm from 'node:vm';

const NEXT_DIR = path.join(process.cwd(), '.next');
const APP_DIR = path.join(NEXT_DIR, 'server', 'app');

type ClientManifest = { entryJSFiles?: Record<string, string[]> };

function findManifests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findManifests(full));
    else if (name === 'page_client-reference-manifest.js') out.push(full);
  }
  return out;
}

/** The manifest is a script that assigns `globalThis.__RSC_MANIFEST[route] = {...}`. */
function readManifest(file: string): Record<string, ClientManifest> {
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, ClientManifest> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, 'utf8'), sandbox);
  return sandbox.__RSC_MANIFEST ?? {};
}

const gzipCache = new Map<string, number>();
function gzipBytes(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(path.join(NEXT_DIR, file)), { level: 9 }).length;
    gzipCache.set(file, size);
  }
  return size;
}

function routeOf(key: string): string {
  const route = key.replace(/\/page$/, '') || '/';
  return route === '' ? '/' : route;
}

export function measure(): { route: string; files: number; gzipKb: number }[] {
  const build = JSON.parse(readFileSync(path.join(NEXT_DIR, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const rows: { route: string; files: number; gzipKb: number }[] = [];
  for (const file of findManifests(APP_DIR)) {
    for (const [key, manifest] of Object.entries(readManifest(file))) {
      // Next.js's own error pages are not the console's routes.
      if (key.startsWith('/_')) continue;
      const entries = manifest.entryJSFiles ?? {};
      // A page with no client code of its own (a redirect) has no entry: its layouts are what loads.
      const page = `[project]/app${key}`;
      // The page's entry already lists its layouts' chunks; layouts are added in case it does not.
      const layouts = Object.keys(entries).filter((k) => k.endsWith('/layout') && page.startsWith(k.replace(/\/layout$/, '/')));
      const files = new Set([...build.rootMainFiles, ...layouts.flatMap((k) => entries[k] ?? []), ...(entries[page] ?? [])]);
      const bytes = [...files].reduce((sum, f) => sum + gzipBytes(f), 0);
      rows.push({ route: routeOf(key), files: files.size, gzipKb: Math.round((bytes / 1024) * 10) / 10 });
    }
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}

function main() {
  const maxArg = process.argv.indexOf('--max');
  const max = maxArg > 0 ? Number(process.argv[maxArg + 1]) : null;
  const rows = measure();
  if (rows.length === 0) {
    console.error('No page manifests under .next/server/app: run `npm run build` first.');
    process.exit(1);
  }
  const width = Math.max(5, ...rows.map((r) => r.route.length + 2));
  console.log(`| ${'route'.padEnd(width)} | first-load JS (gzip KB) |`);
  console.log(`| ${'-'.repeat(width)} | ----------------------: |`);
  for (const r of rows) console.log(`| ${`\`${r.route}\``.padEnd(width)} | ${r.gzipKb.toFixed(1).padStart(23)} |`);
  if (max !== null) {
    const over = rows.filter((r) => r.gzipKb > max);
    if (over.length > 0) {
      console.error(`Over ${max} KB: ${over.map((r) => `${r.route} (${r.gzipKb.toFixed(1)} KB)`).join(', ')}`);
      process.exit(1);
    }
  }
}

main();
