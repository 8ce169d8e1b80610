import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against a production build served by the launcher on a fresh embedded
 * database (seeded with the demo). Browser: the system Chromium (/usr/bin/chromium), never a
 * downloaded one. `.ci/run` reads the JSON report for the totals.
 */
const PORT = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://localhost:${PORT}`;
const CI = !!process.env.CI;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  fullyParallel: true,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Two cores: the browser, Next.js and the embedded database share them.
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE || 'test-results/playwright.json' }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    navigationTimeout: 30_000,
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } }],
  webServer: {
    // SSO_ALLOWED_HOSTS: the SSO specs run an OpenID Connect provider on loopback.
    command: `rm -rf .data/e2e-pglite && npm run build && PORT=${PORT} EMBEDDED_DATA_DIR=.data/e2e-pglite SSO_ALLOWED_HOSTS=127.0.0.1 npm run serve`,
    url: `${baseURL}/api/health`,
    // A production build takes 1-3 minutes on two cores, then migrations and the demo seed.
    timeout: 10 * 60_000,
    reuseExistingServer: !CI,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
