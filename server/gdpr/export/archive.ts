import 'server-only';
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';

export type ArchiveFile = { path: string; bytes: Uint8Array; description: string };

export type ManifestEntry = { path: string; sizeBytes: number; sha256: string; description: string };

export type Manifest = {
  format: 'agenticomni-gdpr-export/1';
  requestId: string;
  requestType: string;
  tenant: string;
  generatedAt: string;
  subject: { kind: 'user' | 'email' };
  files: ManifestEntry[];
};

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export const jsonBytes = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** Formats that are already compressed gain nothing from deflate; they are stored as they are. */
const STORED = /\.(zip|docx|pptx|xlsx|png|jpe?g|gif|webp|pdf|gz)$/i;

/**
 * The ZIP of `files` with `manifest.json` first: each file's path, size and SHA-256, so the
 * person (or a tool) can check nothing was changed or lost. Paths are checked to be relative and
 * unique; a duplicate is a bug in the caller.
 */
export function packArchive(
  files: ArchiveFile[],
  meta: Omit<Manifest, 'files' | 'format'>,
): { zip: Uint8Array; manifest: Manifest; sha256: string } {
  const seen = new Set<string>();
  for (const f of files) {
    if (f.path.startsWith('/') || f.path.split('/').some((p) => p === '..' || p === '.' || p === '') || seen.has(f.path)) {
      throw new Error(`invalid or duplicate archive path: ${f.path}`);
    }
    seen.add(f.path);
  }
  const manifest: Manifest = {
    format: 'agenticomni-gdpr-export/1',
    ...meta,
    files: files.map((f) => ({ path: f.path, sizeBytes: f.bytes.length, sha256: sha256Hex(f.bytes), description: f.description })),
  };
  const mtime = new Date(meta.generatedAt);
  const entries: Zippable = { 'manifest.json': [jsonBytes(manifest), { mtime }] };
  for (const f of files) entries[f.path] = [f.bytes, { mtime, level: STORED.test(f.path) ? 0 : 6 }];
  const zip = zipSync(entries);
  return { zip, manifest, sha256: sha256Hex(zip) };
}
