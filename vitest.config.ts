import { defineConfig } from 'vitest/config';

/** Unit tests run in Node; browser behaviour is covered by the Playwright suite. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
    // Many tests start worker threads or servers: on a busy two-core machine that alone can
    // take seconds. The ceiling only ends a test that hangs; no test asserts a duration.
    testTimeout: 30_000,
  },
});
