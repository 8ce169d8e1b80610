import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, restrictToOwner } from './private-files';

const mode = (p: string) => statSync(p).mode & 0o777;
let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('restrictToOwner', () => {
  it('makes an existing tree owner-only: directories 0700, files 0600, links not followed', () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ao-private-'));
    const outside = path.join(root, 'outside.txt');
    writeFileSync(outside, 'x', { mode: 0o644 });
    const tree = path.join(root, 'data');
    mkdirSync(path.join(tree, 'storage', 't1'), { recursive: true, mode: 0o755 });
    chmodSync(tree, 0o755);
    writeFileSync(path.join(tree, 'auth-secret'), 's', { mode: 0o644 });
    writeFileSync(path.join(tree, 'storage', 't1', 'doc.pdf'), 'd', { mode: 0o666 });
    symlinkSync(outside, path.join(tree, 'link'));

    expect(restrictToOwner(tree)).toBe(5);
    expect(mode(tree)).toBe(0o700);
    expect(mode(path.join(tree, 'storage'))).toBe(0o700);
    expect(mode(path.join(tree, 'storage', 't1'))).toBe(0o700);
    expect(mode(path.join(tree, 'auth-secret'))).toBe(0o600);
    expect(mode(path.join(tree, 'storage', 't1', 'doc.pdf'))).toBe(0o600);
    expect(mode(outside)).toBe(0o644);
    expect(restrictToOwner(tree)).toBe(0);
    expect(restrictToOwner(path.join(root, 'missing'))).toBe(0);
  });

  it('ensurePrivateDir creates a directory 0700 and tightens an existing one', () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ao-private-'));
    const umask = process.umask(0o022);
    try {
      ensurePrivateDir(path.join(root, 'a', 'b'));
      expect(mode(path.join(root, 'a', 'b'))).toBe(0o700);
      chmodSync(path.join(root, 'a', 'b'), 0o755);
      ensurePrivateDir(path.join(root, 'a', 'b'));
      expect(mode(path.join(root, 'a', 'b'))).toBe(0o700);
    } finally {
      process.umask(umask);
    }
  });
});
