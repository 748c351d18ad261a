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
  },
});
