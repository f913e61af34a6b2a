/**
 * Browser tests against the built site, served by `server.mjs` (through
 * `scripts/start.ts`, which builds first when `dist/` is stale), in Debian's
 * Chromium. Playwright never downloads a browser here.
 */
import process from 'node:process';
import { defineConfig } from '@playwright/test';
import {
  CHROMIUM_ARGS,
  chromiumExecutable,
  E2E_ORIGIN,
  E2E_PORT,
} from './tests/e2e/support/env.ts';

const isCI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

export default defineConfig({
  testDir: './tests/e2e',
  testMatch: '**/*.spec.ts',
  // Two cores: one test at a time keeps the kernel timings far from the interrupt grace period.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: isCI,
  reporter: 'list',
  // Lessons hold many cells, some deliberately slow (interrupts, offline LLM streaming).
  timeout: 180_000,
  expect: { timeout: 20_000 },
  outputDir: 'test-results',
  use: {
    baseURL: E2E_ORIGIN,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
    },
    actionTimeout: 20_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `"${process.execPath}" scripts/start.ts`,
    url: `${E2E_ORIGIN}/`,
    env: { PORT: String(E2E_PORT), HOST: '127.0.0.1' },
    reuseExistingServer: false,
    // Includes a build when dist/ is missing or stale.
    timeout: 600_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
