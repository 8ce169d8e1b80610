import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';

const mode = (p: string) => statSync(p).mode & 0o777;

/** Inodes of the TCP sockets in LISTEN state that this process holds (Linux /proc). */
function listeningTcpInodes(): Set<string> {
  const listening = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A') listening.add(cols[9]!);
    }
  }
  const mine = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && listening.has(inode)) mine.add(inode);
  }
  return mine;
}

let root: string;
let db: EmbeddedDatabase;
let tcpBefore: Set<string>;
let umask: number;

beforeAll(async () => {
  // A permissive umask, as on most machines: the modes below must not depend on it.
  umask = process.umask(0o022);
  root = mkdtempSync(path.join(os.tmpdir(), 'ao-embedded-'));
  tcpBefore = listeningTcpInodes();
  db = await startEmbeddedDatabase({ dataDir: path.join(root, 'data', 'pglite'), socketDir: path.join(root, 'data', 'pglite-socket') });
});
afterAll(async () => {
  await db?.stop();
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('the embedded database', () => {
  it('listens on a Unix socket in an owner-only directory, and opens no TCP port', async () => {
    expect(db.socketPath).toBe(path.join(root, 'data', 'pglite-socket', '.s.PGSQL.5432'));
    expect(statSync(db.socketPath).isSocket()).toBe(true);
    expect(mode(path.dirname(db.socketPath))).toBe(0o700);
    expect(mode(db.socketPath)).toBe(0o600);
    if (existsSync('/proc/net/tcp')) expect(listeningTcpInodes()).toEqual(tcpBefore);
    expect(new URL(db.url).port).toBe('');
    expect(new URL(db.url).searchParams.get('host')).toBe(path.dirname(db.socketPath));
  });

  // Only root can act as another user; as root, this is the proof that the directory is the lock.
  it.runIf(process.getuid?.() === 0)('refuses another user at the socket directory', () => {
    const probe = `require('net').connect(${JSON.stringify(db.socketPath)})
      .on('connect', () => { console.log('connected'); process.exit(0); })
      .on('error', (e) => { console.log(e.code); process.exit(0); });`;
    const out = execFileSync(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, cwd: '/', encoding: 'utf8' });
    expect(out.trim()).toBe('EACCES');
  });

  it('is reached through postgres.js with the socket directory as host', async () => {
    const client = createClient(db.url, 1);
    try {
      const [row] = await client.sql<{ one: number }[]>`select 1 as one`;
      expect(row?.one).toBe(1);
    } finally {
      await client.sql.end({ timeout: 5 });
    }
  });

  it('keeps its data directory owner-only: directories 0700, files 0600', () => {
    const dataDir = path.join(root, 'data', 'pglite');
    const loose: string[] = [];
    const visit = (p: string) => {
      const s = statSync(p);
      if (s.isDirectory()) {
        if ((s.mode & 0o777) !== 0o700) loose.push(p);
        for (const name of readdirSync(p)) visit(path.join(p, name));
      } else if (s.isFile() && (s.mode & 0o777) !== 0o600) loose.push(p);
    };
    visit(dataDir);
    expect(loose).toEqual([]);
    expect(mode(path.join(root, 'data'))).toBe(0o700);
  });

  it('refuses to start a second server on a socket that is in use', async () => {
    await expect(startEmbeddedDatabase({ socketDir: path.dirname(db.socketPath) })).rejects.toThrow(/already serving/);
  });
});
