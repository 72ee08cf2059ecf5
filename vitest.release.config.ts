import { defineConfig } from 'vitest/config';

// The release suite: the Forge bundler's output (dist/, from `npm run package`) run as Forge runs it.
// `npm run test:release` runs it on Node 22; the everyday suite (vitest.config.ts) leaves it out, since it
// needs a build first.
export default defineConfig({
  test: {
    include: ['test/forge-release/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
