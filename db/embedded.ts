import { chmodSync, existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ensurePrivateDir, PRIVATE_FILE_MODE, restrictToOwner } from './private-files';

export type EmbeddedDatabase = {
  url: string;
  /** The Unix socket the database listens on (inside a directory only its owner may enter). */
  socketPath: string;
  pglite: PGlite;
  stop: () => Promise<void>;
};

/**
 * The extensions every embedded database loads: pgvector for embeddings, pg_textsearch for BM25
 * top-k full text (drizzle/0038_bm25.sql). Every PGlite of the app, its tests and benches is
 * created here, so a data directory is never opened without an extension its indexes need.
 */
const EMBEDDED_EXTENSIONS = { vector, pg_textsearch };

/** The name libpq and postgres.js look for in a socket directory (port 5432). */
export const SOCKET_NAME = '.s.PGSQL.5432';
// sockaddr_un holds 108 bytes on Linux (104 on macOS), the terminating NUL included.
const MAX_SOCKET_PATH = 103;

/** A free loopback port (tests start servers of their own). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when something accepts connections on the socket. */
function socketInUse(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * The directory that holds the socket, 0700: PGlite has no authentication (any password is
 * accepted), so the file system is the only lock. A directory given whose socket path would be
 * too long for the kernel falls back to a fresh private directory under the system's temp dir.
 */
function socketDirectory(requested: string | undefined): { dir: string; owned: boolean } {
  if (requested && path.join(requested, SOCKET_NAME).length <= MAX_SOCKET_PATH) {
    ensurePrivateDir(requested);
    return { dir: requested, owned: false };
  }
  // mkdtemp creates the directory 0700.
  return { dir: mkdtempSync(path.join(os.tmpdir(), 'agenticomni-db-')), owned: true };
}

/**
 * PGlite (Postgres in WASM) with pgvector and pg_textsearch, served over the Postgres wire protocol on a Unix
 * socket, never on TCP, so only processes of the same user reach it; the app connects through
 * postgres.js exactly as to a real server (`?host=<socket dir>` in the URL, see db/client.ts).
 * PGlite is a single backend: the socket server accepts one client connection at a time.
 */
export async function startEmbeddedDatabase(options: {
  dataDir?: string;
  loadDataDir?: Blob;
  socketDir?: string;
}): Promise<EmbeddedDatabase> {
  if (options.dataDir) ensurePrivateDir(options.dataDir);
  const { dir, owned } = socketDirectory(options.socketDir);
  const socketPath = path.join(dir, SOCKET_NAME);
  if (existsSync(socketPath)) {
    if (await socketInUse(socketPath)) {
      throw new Error(
        `Another embedded database is already serving ${socketPath}. Stop it first, or set EMBEDDED_DATA_DIR to another directory.`,
      );
    }
    // Left behind by a process that was killed.
    unlinkSync(socketPath);
  }
  const pglite = await PGlite.create(options.dataDir, {
    extensions: EMBEDDED_EXTENSIONS,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  // PGlite writes the files of a new cluster 0666 whatever the umask; Postgres itself creates
  // later ones 0600.
  if (options.dataDir) restrictToOwner(options.dataDir);
  const server = new PGLiteSocketServer({ db: pglite, path: socketPath, maxConnections: 1 });
  try {
    await server.start();
    chmodSync(socketPath, PRIVATE_FILE_MODE);
  } catch (error) {
    await server.stop().catch(() => {});
    await pglite.close();
    if (owned) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`,
    socketPath,
    pglite,
    stop: async () => {
      await server.stop();
      await pglite.close();
      if (owned) rmSync(dir, { recursive: true, force: true });
      else rmSync(socketPath, { force: true });
    },
  };
}
