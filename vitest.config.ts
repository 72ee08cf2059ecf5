import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.ts',
      'test/**/*.test.tsx',
      'sync-worker/**/*.test.ts',
      'jira-sim/**/*.test.ts',
      'forge-sim/**/*.test.ts',
    ],
    // Needs `npm run package` first and runs on Node 22: `npm run test:release` (vitest.release.config.ts).
    exclude: ['**/node_modules/**', 'test/forge-release/**'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
