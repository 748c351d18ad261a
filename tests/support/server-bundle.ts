import path from 'node:path';
import { ROOT } from '../../server/http/page-build.ts';

/**
 * The server as `npm start` bundles it, built once per run (tests/support/builds.ts) in a
 * folder of its own: tests that start the command run it with plain node, as a teacher
 * does, instead of paying tsx's start-up and transforms in every child process.
 */
export const SERVER_BUNDLE_DIR = 'dist/server-test';

/** The bundled entry point `main`, `client` or `worker`. */
export const bundled = (entry: 'main' | 'client' | 'worker'): string =>
  path.join(ROOT, SERVER_BUNDLE_DIR, `${entry}.js`);
