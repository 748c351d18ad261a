import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { UnitsFirst } from './tests/support/sequencer.ts';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/builds.ts', 'tests/support/browser-broker.ts'],
    // Most files wait on sockets, timers and a browser far more than they compute, so more
    // files at once than cores (vitest's default is one worker fewer than cores: 1 here).
    // On 2 cores, 4 keep the CPU about as busy as the waits allow: the files' durations add up
    // to about four times the spec's CPU time.
    maxWorkers: Math.max(4, availableParallelism()),
    // A worker runs file after file in one process, its imports loaded once: a fresh process
    // and module graph per file cost more CPU than most unit files' tests. No test mocks,
    // stubs or patches globals, and each file closes what it opens (afterEach/afterAll).
    isolate: false,
    sequence: { sequencer: UnitsFirst },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Echo Lab started by a test (npm start, main.ts) saves its run here, not in the home folder.
    env: { XDG_STATE_HOME: path.join(tmpdir(), 'echo-lab-test-state') },
  },
});
