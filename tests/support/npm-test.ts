// `npm test`: the spec and the static checks side by side. The checks are CPU-bound while
// the spec mostly waits on sockets and timers, so on a 2-core machine the checks fill the
// spec's idle time, at a lower priority, so that they never take cores from the spec's
// timing-sensitive tests. The type check and the lint run in one process, which builds the
// TypeScript programs once for both (scripts/typecheck-and-lint.mjs). Extra arguments go to
// vitest.

import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../server/http/page-build.ts';

interface Step {
  name: string;
  /** A JavaScript entry in the checkout, run with this node (no shell, any OS). */
  entry: string;
  args: string[];
}

const CHECKS: Step[] = [
  { name: 'typecheck+lint', entry: 'scripts/typecheck-and-lint.mjs', args: [] },
  { name: 'format', entry: 'node_modules/prettier/bin/prettier.cjs', args: ['--check', '.'] },
];
const SPEC: Step = {
  name: 'spec',
  entry: 'node_modules/vitest/vitest.mjs',
  args: ['run', ...process.argv.slice(2)],
};

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
}

function run(step: Step, quiet: boolean): Promise<Outcome> {
  const began = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, step.entry), ...step.args], {
    cwd: ROOT,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  if (quiet && child.pid !== undefined) setPriority(child.pid, 10);
  return new Promise((resolve) => {
    const done = (ok: boolean, why = ''): void => {
      const seconds = (performance.now() - began) / 1000;
      // Printed whole when done, so it never interleaves with the spec's report.
      if (quiet && (!ok || output.trim()))
        process.stdout.write(`\n[${step.name}]\n${output}${why}\n`);
      resolve({ name: step.name, ok, seconds });
    };
    child.once('error', (err) => done(false, err.message));
    // 'close', not 'exit': the process may exit before its output is all read.
    child.once('close', (code) => done(code === 0));
  });
}

const began = performance.now();
// All at once: when the spec ends first, the checks left still have both cores.
const [spec, ...checked] = await Promise.all([
  run(SPEC, false),
  ...CHECKS.map((step) => run(step, true)),
]);
const outcomes = [...checked, spec];
for (const o of outcomes) {
  process.stdout.write(
    `${o.ok ? 'ok    ' : 'FAILED'} ${o.name.padEnd(14)} ${o.seconds.toFixed(1)} s\n`,
  );
}
process.stdout.write(`npm test: ${((performance.now() - began) / 1000).toFixed(1)} s\n`);
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
