// `npm test`: the spec and the static checks side by side. The checks are CPU-bound while
// the spec mostly waits on sockets and timers, so on a 2-core machine the checks fill the
// spec's idle time: one after another, at a lower priority, so that they never take both
// cores from the spec's timing-sensitive tests. Extra arguments go to vitest.

import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../server/http/page-build.ts';

interface Step {
  name: string;
  /** A JavaScript entry under node_modules, run with this node (no shell, any OS). */
  bin: string;
  args: string[];
}

const CHECKS: Step[] = [
  { name: 'typecheck', bin: 'typescript/bin/tsc', args: ['-b'] },
  { name: 'lint', bin: 'eslint/bin/eslint.js', args: ['.'] },
  { name: 'format', bin: 'prettier/bin/prettier.cjs', args: ['--check', '.'] },
];
const SPEC: Step = {
  name: 'spec',
  bin: 'vitest/vitest.mjs',
  args: ['run', ...process.argv.slice(2)],
};

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
}

function run(step: Step, quiet: boolean): Promise<Outcome> {
  const began = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', step.bin), ...step.args], {
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
    child.once('exit', (code) => done(code === 0));
  });
}

async function checks(): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of CHECKS) outcomes.push(await run(step, true));
  return outcomes;
}

const began = performance.now();
const [spec, checked] = await Promise.all([run(SPEC, false), checks()]);
const outcomes = [...checked, spec];
for (const o of outcomes) {
  process.stdout.write(
    `${o.ok ? 'ok    ' : 'FAILED'} ${o.name.padEnd(9)} ${o.seconds.toFixed(1)} s\n`,
  );
}
process.stdout.write(`npm test: ${((performance.now() - began) / 1000).toFixed(1)} s\n`);
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
