import { defineConfig } from 'vitest/config';

// The real-peer tests (test/peers) start real servers (Orthanc, DCMTK) on loopback; on two cores they run
// a few files at a time, and each file cleans up its own processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
