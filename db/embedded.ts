import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedDatabase = {
  url: string;
  pglite: PGlite;
  stop: () => Promise<void>;
};

export const DEFAULT_EMBEDDED_PORT = 54329;

/** A free loopback port (tests start one embedded database per file). */
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

/**
 * PGlite (Postgres in WASM) with pgvector, served over the Postgres wire protocol on loopback so
 * the app reaches it through postgres.js exactly as it reaches a real server. PGlite is a single
 * backend: the socket server accepts one client connection at a time.
 */
export async function startEmbeddedDatabase(options: {
  dataDir?: string;
  loadDataDir?: Blob;
  port?: number;
  host?: string;
}): Promise<EmbeddedDatabase> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_EMBEDDED_PORT;
  if (options.dataDir) mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const pglite = await PGlite.create(options.dataDir, {
    extensions: { vector },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const server = new PGLiteSocketServer({ db: pglite, port, host, maxConnections: 1 });
  try {
    await server.start();
  } catch (error) {
    await pglite.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is taken, so the embedded database cannot start. Stop what uses it or set EMBEDDED_DB_PORT.`);
    }
    throw error;
  }
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    pglite,
    stop: async () => {
      await server.stop();
      await pglite.close();
    },
  };
}
