import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `npm test`: unit and integration tests on PGlite. With TEST_DATABASE_URL (a PostgreSQL server,
 * `npm run test:native`), the integration tests run against that server with a real pool,
 * together with the tests that need one (several worker processes on one queue).
 */
const native = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // Outside Next.js the guard package throws on import; tests run server code directly.
      'server-only': path.resolve(__dirname, 'test/server-only-stub.ts'),
    },
  },
  test: {
    include: native ? ['**/*.integration.test.ts'] : ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**', ...(native ? [] : ['**/*.native.integration.test.ts'])],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-env.ts'],
    // Each file gets its own database; files run in separate processes, two at a time on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    // Generous: heavy files (OCR, PDF rendering, hostile archives) must pass on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
