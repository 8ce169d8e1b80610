import 'server-only';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@/db/private-files';
import { S3Storage, s3ConfigFromEnv } from './s3';
import type { StorageAdapter } from './types';

export type { StorageAdapter };

const SAFE_KEY = /^[0-9a-f-]{36}(\/[A-Za-z0-9._-]+)*\/?$/;

/** Keys are built by the server from ids, never from user input; anything else is refused. */
export function assertSafeKey(key: string) {
  if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`unsafe storage key: ${key}`);
  }
}

class LocalStorage implements StorageAdapter {
  constructor(private readonly root: string) {}

  private resolve(key: string) {
    assertSafeKey(key);
    const full = path.resolve(this.root, key);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`unsafe storage key: ${key}`);
    return full;
  }

  async put(key: string, body: Uint8Array) {
    const full = this.resolve(key);
    // Owner only whatever the umask: uploads are tenants' documents.
    await mkdir(path.dirname(full), { recursive: true, mode: PRIVATE_DIR_MODE });
    await writeFile(full, body, { mode: PRIVATE_FILE_MODE });
  }

  async get(key: string) {
    return new Uint8Array(await readFile(this.resolve(key)));
  }

  async remove(key: string) {
    await rm(this.resolve(key), { force: true });
  }

  async removePrefix(prefix: string) {
    const full = this.resolve(prefix);
    const exists = await stat(full).catch(() => null);
    if (!exists) return 0;
    const files = exists.isDirectory() ? await readdir(full, { recursive: true, withFileTypes: true }) : [];
    const count = exists.isDirectory() ? files.filter((f) => f.isFile()).length : 1;
    await rm(full, { recursive: true, force: true });
    return count;
  }
}

let storage: StorageAdapter | undefined;

/** Local disk by default; an S3-compatible bucket when S3_BUCKET is set (see s3.ts). */
export function getStorage(): StorageAdapter {
  storage ??= process.env.S3_BUCKET
    ? new S3Storage(s3ConfigFromEnv())
    : new LocalStorage(path.resolve(process.env.STORAGE_DIR || path.join(process.cwd(), '.data', 'storage')));
  return storage;
}
