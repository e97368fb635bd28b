import { configDefaults, defineConfig } from 'vitest/config';

// test/hostile/under-load.test.ts burns every core for ~40 s: it runs alone, after the rest
// (`npm run test:under-load`, vitest.under-load.config.ts, part of `npm test`), never beside
// other files it would slow.
export const UNDER_LOAD = 'test/hostile/under-load.test.ts';

// The real-peer tests (test/peers) start real servers (Orthanc, DCMTK) on loopback; on two cores they run
// a few files at a time, and each file cleans up its own processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, UNDER_LOAD],
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
