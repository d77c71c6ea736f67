import { relative } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files start in. With timings from an earlier run, vitest starts the slowest first.
 * A clean clone has none, and vitest falls back to the largest first, which started small files
 * that take long last: the CLI against the emulator (the 200-project example, real pacing and
 * back-off) and child processes. Started last, one of them ran alone at the end while the other
 * workers had nothing left. The folders that run the CLI or the emulator (test/reliability,
 * test/e2e, test/smoke) go first, largest first; the plain-data tests fill in after them.
 */
class CliFoldersFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const path = (file: TestSpecification) => relative(this.ctx.config.root, file.moduleId);
    if (files.some((file) => this.ctx.cache.getFileTestResults(`${file.project.name}:${path(file)}`))) return sorted;
    const first = (file: TestSpecification) => /^test\/(reliability|e2e|smoke)\//.test(path(file));
    return [...sorted.filter(first), ...sorted.filter((file) => !first(file))];
  }
}

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
    sequence: { sequencer: CliFoldersFirst },
  },
});
