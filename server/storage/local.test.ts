import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getStorage } from './index';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('local storage', () => {
  it('writes uploads owner-only (directories 0700, files 0600) whatever the umask', async () => {
    const umask = process.umask(0o022);
    try {
      const tenant = '00000000-0000-4000-8000-0000000000aa';
      const key = `${tenant}/documents/00000000-0000-4000-8000-0000000000bb/report.pdf`;
      await getStorage().put(key, new TextEncoder().encode('%PDF-1.7'));
      const root = process.env.STORAGE_DIR!;
      expect(mode(path.join(root, key))).toBe(0o600);
      let dir = path.dirname(path.join(root, key));
      while (dir.startsWith(root)) {
        expect(mode(dir), dir).toBe(0o700);
        dir = path.dirname(dir);
      }
      expect(readdirSync(root)).toContain(tenant);
    } finally {
      process.umask(umask);
    }
  });
});
