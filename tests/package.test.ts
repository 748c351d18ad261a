// The package's command, run from this checkout as it runs from an installed tarball
// (the full pack-install-start check is scripts/check-package.mjs, which CI runs).

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/echo-lab.cjs');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

function run(args: string[], nodeArgs: string[] = [], input = '') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close', not 'exit': the process may exit before its output is all read.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), 'server'], {
    cwd: ROOT,
  });
}, 60_000);

describe('the package', () => {
  it('declares only what runs, and a bin that exists', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      'express',
      'socket.io',
      'uqr',
      'valibot',
      'ws',
    ]);
    expect(pkg.bin['echo-lab']).toBe('bin/echo-lab.cjs');
    expect(existsSync(path.join(ROOT, pkg.bin['echo-lab']!))).toBe(true);
    expect(pkg.scripts.prepack).toContain('scripts/build.mjs');
    // Files the traced server loads at run time (a Python tracer) ship beside the bundle.
    expect(pkg.files).toEqual(expect.arrayContaining(['server/traced/', '!server/traced/**/*.ts']));
  });
});

describe('echo-lab', () => {
  it('prints its version and its usage', async () => {
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `echo-lab ${pkg.version}\n` });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: echo-lab \[options\]/);
    expect(help.stdout).toContain('echo-lab client [host] [port]');
  });

  it('says in one line that a Node older than the engines field will not do', async () => {
    // Node itself cannot be made older here; the check reads process.versions, so a
    // preloaded file fakes an old one.
    const dir = mkdtempSync(path.join(tmpdir(), 'echo-lab-old-node-'));
    const preload = path.join(dir, 'old-node.cjs');
    writeFileSync(
      preload,
      `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '18.20.4' } });
Object.defineProperty(process, 'version', { value: 'v18.20.4' });`,
    );
    try {
      const result = await run(['--version'], ['--require', preload]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('echo-lab: needs Node.js 20.19 or newer; this is v18.20.4\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the command-line client as "echo-lab client"', async () => {
    const help = await run(['client', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: echo-lab client \[host\] \[port\]/);
    const refused = await run(['client', '127.0.0.1', 'abc']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });
});
