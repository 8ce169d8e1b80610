import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptionKeysForStart, KEY_FILE, loadEncryptionKeys, parseEncryptionKeys } from './encryption-keys';

const key = () => randomBytes(32).toString('base64');
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/console', NEXTAUTH_SECRET: 'session-secret' } as const;

describe('encryption keys at start-up', () => {
  it('refuses production with an external database and no ENCRYPTION_KEYS, saying what to set', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ao-keys-'));
    expect(() => encryptionKeysForStart({ ...production }, dir!)).toThrow(
      /Set ENCRYPTION_KEYS before running in production.*not NEXTAUTH_SECRET/,
    );
    expect(() => loadEncryptionKeys({ ...production })).toThrow(/Set ENCRYPTION_KEYS/);
    // Nothing was generated in its place.
    expect(() => statSync(path.join(dir!, KEY_FILE))).toThrow();
  });

  it('refuses ENCRYPTION_KEYS that reuse the session secret or are malformed', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ao-keys-'));
    const shared = key();
    expect(() => encryptionKeysForStart({ ...production, NEXTAUTH_SECRET: shared, ENCRYPTION_KEYS: `1:${shared}` }, dir!)).toThrow(
      /must not reuse NEXTAUTH_SECRET/,
    );
    expect(() => encryptionKeysForStart({ ...production, ENCRYPTION_KEYS: 'not-a-key' }, dir!)).toThrow(/<version>:<base64 of 32 bytes>/);
    expect(() => encryptionKeysForStart({ ...production, ENCRYPTION_KEYS: `1:${key()},1:${key()}` }, dir!)).toThrow(/version 1 twice/);
    const good = `2:${key()},1:${key()}`;
    expect(encryptionKeysForStart({ ...production, ENCRYPTION_KEYS: good }, dir!)).toBe(good);
  });

  it('generates a key into the data directory (0600) for the embedded database and keeps it', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ao-keys-'));
    const dataDir = path.join(dir, '.data');
    const first = encryptionKeysForStart({ NODE_ENV: 'production' }, dataDir);
    expect(first).toMatch(/^2:[A-Za-z0-9+/]{43}=$/);
    expect(statSync(path.join(dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(dataDir, KEY_FILE), 'utf8').trim()).toBe(first);
    expect(encryptionKeysForStart({ NODE_ENV: 'development' }, dataDir)).toBe(first);
    expect(parseEncryptionKeys(first).current).toBe(2);
  });
});
