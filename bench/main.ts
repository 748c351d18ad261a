// npm run bench [-- --quick] [-- --only throughput,viewers,page,pagebefore,admission,traced] [-- --profile]
// Runs every benchmark side by side in one go, prints a Markdown table (for the README) and
// writes bench/results.json. --quick is a one-minute smoke run and writes its results to
// bench/out/ instead, so it never replaces the real figures.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureAdmission } from './admission.ts';
import { ROOT } from './children.ts';
import { measureThroughput } from './echo-throughput.ts';
import { measureFanout } from './fanout.ts';
import {
  notMeasured,
  startLoad,
  startViewers,
  stopAll,
  type Context,
  type LoadChild,
  type Section,
  type ViewersChild,
} from './fleet.ts';
import { measureMemory } from './memory.ts';
import { measurePage } from './page.ts';
import { measurePageBefore } from './page-before.ts';
import { profileLab } from './profile.ts';
import { machine, markdown, RESULTS_FILE, writeResults } from './report.ts';
import { measureStartup } from './startup.ts';
import { measureTraced } from './traced.ts';
import { measureViewersScale } from './viewers-scale.ts';

const SECTIONS = {
  throughput: measureThroughput,
  fanout: measureFanout,
  viewers: measureViewersScale,
  page: measurePage,
  pagebefore: measurePageBefore,
  memory: measureMemory,
  startup: measureStartup,
  admission: measureAdmission,
  traced: measureTraced,
} as const satisfies Record<string, (ctx: Context) => Promise<Section>>;
type SectionName = keyof typeof SECTIONS;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = values.quick;
const names = (values.only?.split(',') ?? Object.keys(SECTIONS)).filter(
  (n): n is SectionName => n in SECTIONS,
);

const say = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

// Ctrl-C or a kill ends through process.exit, whose hook stops every child.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

const began = Date.now();
const sections: Section[] = [];
let load: LoadChild | undefined;
let viewers: ViewersChild | undefined;
try {
  [load, viewers] = await Promise.all([startLoad(), startViewers()]);
  const ctx: Context = { quick, load, viewers };
  for (const name of names) {
    say(`${name}...`);
    const t0 = Date.now();
    try {
      sections.push(await SECTIONS[name](ctx));
    } catch (err) {
      // One broken benchmark must not cost the others their figures.
      const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
      say(`${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
      sections.push({ name, rows: [notMeasured(name, '—', reason)], data: { error: reason } });
    }
    say(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (values.profile) {
    say('profiling Echo Lab under the 10-connection load...');
    sections.push(await profileLab(ctx));
  }
} finally {
  await stopAll([load, viewers]);
}

const info = machine();
const seconds = Math.round((Date.now() - began) / 1000);
const meta = { quick, startedAt: new Date(began).toISOString(), seconds };
const text = markdown(sections, info, quick);
process.stdout.write(text);
if (quick || values.only) {
  // Partial or quick figures are for development; keep the committed results intact.
  const out = path.join(ROOT, 'bench/out');
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'results-partial.md'), text);
  await writeResults(path.join(out, 'results-partial.json'), sections, info, meta);
  say(`partial run: results in ${path.relative(ROOT, out)}/ (results.json untouched)`);
} else {
  await writeResults(RESULTS_FILE, sections, info, meta);
  say(`results written to ${path.relative(ROOT, RESULTS_FILE)} in ${seconds} s`);
}
