import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Threads: nothing needs a process of its own (the CLI runs in-process and touches no
    // process-global state; test/smoke spawns its own children). Two workers for two cores:
    // much of the suite waits on loopback HTTP and child processes, and a third measured no faster.
    pool: 'threads',
    maxWorkers: 2,
  },
});
