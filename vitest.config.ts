import { defineConfig } from 'vitest/config';

/** Unit tests run in Node; browser behaviour is covered by the Playwright suite. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
  },
});
