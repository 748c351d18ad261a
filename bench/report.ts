// Turns the sections into the Markdown the README shows and the results.json the lead
// commits, with the machine they ran on (the figures mean little without it).

import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './children.ts';
import type { Row, Section } from './fleet.ts';

export const RESULTS_FILE = path.join(ROOT, 'bench/results.json');

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

const verdict = (pass: boolean | null): string => (pass === null ? '—' : pass ? 'pass' : 'FAIL');

/** Keeps a table cell on one row whatever the text holds. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function summaryTable(sections: Section[]): string {
  const lines = ['| figure | measured | target | result |', '|---|---|---|---|'];
  for (const section of sections) {
    if (section.rows.length === 0) continue;
    lines.push(`| **${cell(section.name)}** | | | |`);
    for (const row of section.rows) {
      lines.push(
        `| ${cell(row.figure)} | ${cell(row.measured)} | ${cell(row.target)} | ${verdict(row.pass)} |`,
      );
    }
  }
  return lines.join('\n');
}

export function markdown(sections: Section[], info: ReturnType<typeof machine>, quick: boolean) {
  const rows: Row[] = sections.flatMap((s) => s.rows);
  const failed = rows.filter((r) => r.pass === false).length;
  const skipped = rows.filter((r) => r.measured.startsWith('not measured')).length;
  const parts = [
    `Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.os}, Node ${info.node}` +
      (quick ? ' — **quick run, not for the README**' : ''),
    '',
    summaryTable(sections),
    '',
    `${rows.length - failed - skipped} figures measured, ${failed} missing their target` +
      (skipped > 0 ? `, ${skipped} not measured` : '') +
      '.',
  ];
  for (const section of sections) {
    if (section.detail) parts.push('', `### ${section.name}`, '', section.detail);
  }
  return `${parts.join('\n')}\n`;
}

export async function writeResults(
  file: string,
  sections: Section[],
  info: ReturnType<typeof machine>,
  meta: { quick: boolean; startedAt: string; seconds: number },
): Promise<void> {
  const body = {
    ...meta,
    machine: info,
    rows: sections.flatMap((s) => s.rows.map((r) => ({ section: s.name, ...r }))),
    sections: Object.fromEntries(sections.map((s) => [s.name, s.data])),
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
}
