/**
 * The HTTP server in front of Next.js, started by the launcher (start.ts) in a process of its own
 * (Next.js must not run under the react-server condition the launcher has). It exists for one
 * thing Next.js does not offer route handlers: the socket's address. Every request gets it in
 * PEER_HEADER, overwriting whatever a client sent under that name; the app trusts that header
 * because the launcher sets TRUST_PEER_HEADER=1 for this process only.
 * Usage: node --import tsx server/cli/next-server.ts dev|start <port>
 */
import { createServer } from 'node:http';
import next from 'next';
import { PEER_HEADER } from '../auth/request-meta';

async function main() {
  const dev = process.argv[2] === 'dev';
  const port = Number(process.argv[3] || 3000);
  const app = next({ dev, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
    void handle(req, res);
  });
  // Hot reloading in development talks over WebSockets.
  if (dev) server.on('upgrade', app.getUpgradeHandler());
  server.listen(port, () => console.log(`Next.js (${dev ? 'dev' : 'production'}) listening on port ${port}`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
