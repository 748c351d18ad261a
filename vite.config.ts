import { tmpdir } from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/build-page.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Echo Lab started by a test (npm start, main.ts) saves its run here, not in the home folder.
    env: { XDG_STATE_HOME: path.join(tmpdir(), 'echo-lab-test-state') },
  },
});
