import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The installed-package check packs and installs (about 12 s, mostly npm): .ci/run runs it
    // after npm test, with vitest.package.config.ts.
    exclude: [...configDefaults.exclude, 'test/package/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Threads: nothing needs a process of its own (the CLI runs in-process and touches no
    // process-global state; test/smoke spawns its own children). Four workers on two cores:
    // much of the suite waits (loopback HTTP, child processes, a real-clock chaos seed), and a
    // waiting file no longer holds a core idle (measured on a clean clone: 57 s → 40 s for vitest).
    pool: 'threads',
    maxWorkers: 4,
    // Files in a worker share loaded modules: importing src/ once per worker instead of once per
    // file took the suite from 47 s to 28 s of CPU. It holds because no test mocks a module or
    // changes module state (no vi.mock, no fake timers); a test that must, resets it after itself.
    isolate: false,
  },
});
