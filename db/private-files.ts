import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Owner only: what the console keeps on disk (database files, uploads, keys) is nobody else's to read. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the directory (and missing parents) owner-only, and makes an existing one so. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes a tree owner-only: directories 0700, regular files 0600. Symbolic links are not
 * followed and sockets are left alone. For data written by earlier versions with the default
 * umask; a missing root is nothing to do. Returns how many modes it changed.
 */
export function restrictToOwner(root: string): number {
  let changed = 0;
  const visit = (target: string) => {
    const stat = lstatSync(target, { throwIfNoEntry: false });
    if (!stat) return;
    const want = stat.isDirectory() ? PRIVATE_DIR_MODE : stat.isFile() ? PRIVATE_FILE_MODE : null;
    if (want !== null && (stat.mode & 0o777) !== want) {
      chmodSync(target, want);
      changed++;
    }
    if (stat.isDirectory()) for (const name of readdirSync(target)) visit(path.join(target, name));
  };
  visit(root);
  return changed;
}
