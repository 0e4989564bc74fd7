import { defineConfig } from '@playwright/test'

/** e2e: a real server on a fresh embedded database, driven in Debian's Chromium (no browser downloads). */
/** E2E_PORT and E2E_WEB_DIR let several runs share a machine (each with its own `vite build --outDir`). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3101)
export const E2E_SETUP_TOKEN = 'e2e-setup-token-0123456789abcdef'

export default defineConfig({
  testDir: 'e2e/specs',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  // One server serves every spec file. A protocol amendment changes what later subjects are evaluated
  // against, so the amendment spec runs after all the others.
  projects: [
    { name: 'main', testIgnore: /protocol-amendment\.spec\.ts$/ },
    { name: 'amendments', testMatch: /protocol-amendment\.spec\.ts$/, dependencies: ['main'] },
  ],
  webServer: {
    command: `sh -c 'CELLTRIAL_DATA_DIR=$(mktemp -d /tmp/celltrial-e2e.XXXXXX) exec node packages/cli/bin/celltrial.mjs serve --demo'`,
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { PORT: String(E2E_PORT), HOST: '127.0.0.1', DATABASE_URL: '', CELLTRIAL_SETUP_TOKEN: E2E_SETUP_TOKEN, CELLTRIAL_LOG: 'warn', ...(process.env.E2E_WEB_DIR ? { CELLTRIAL_WEB_DIR: process.env.E2E_WEB_DIR } : {}) },
  },
})
