// `npm audit` cannot reach its endpoint from this machine, so this test does its job for
// the packages that face the network: every installed copy must be at or above the
// release that fixed each published advisory. Add a line here when a new one appears.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Advisory {
  id: string;
  /** First fixed version on the major line we use. */
  fixed: string;
}

/** Published advisories, newest last; the floor for a package is the highest `fixed`. */
const ADVISORIES: Record<string, Advisory[]> = {
  ws: [
    // A request with more headers than server.maxHeadersCount crashed a ws server.
    { id: 'CVE-2024-37890 / GHSA-3h5v-q93c-6h6q', fixed: '8.17.1' },
    // Uninitialized memory disclosure.
    { id: 'CVE-2026-45736 / GHSA-58qx-3vcg-4xpx', fixed: '8.20.1' },
    // Memory exhaustion from many tiny fragments and data chunks.
    { id: 'CVE-2026-48779 / GHSA-96hv-2xvq-fx4p', fixed: '8.21.0' },
    // The default maxFragments guard let incomplete fragmented messages exhaust memory.
    { id: 'CVE-2026-62389', fixed: '8.21.1' },
  ],
  'socket.io': [
    // A socket.io event named "error" with no listener killed the process.
    { id: 'CVE-2024-38355 / GHSA-25hc-qcg6-38wj', fixed: '4.6.2' },
  ],
  'engine.io': [
    // A crafted HTTP request triggered an uncaught exception.
    { id: 'CVE-2022-41940 / GHSA-r7qp-cfhv-p84w', fixed: '6.2.1' },
    // Uncaught exception on a crafted request (introduced in 5.1.0).
    { id: 'CVE-2023-31125 / GHSA-q9mw-68c2-j6m5', fixed: '6.4.2' },
    // Its own ws dependency was bumped to ~8.21.0 for CVE-2026-48779 in this release
    // (the issue asked for at least 6.6.2; the later floor is the stricter one).
    { id: 'ws ~8.21.0 for CVE-2026-48779', fixed: '6.6.9' },
  ],
  'socket.io-parser': [
    // Improper type validation of attachment placeholders.
    { id: 'CVE-2022-2421 / GHSA-qm95-pgcg-qqfq', fixed: '4.2.1' },
    // A malformed event name crashed the server.
    { id: 'CVE-2023-32695 / GHSA-cqmj-92xf-r6r9', fixed: '4.2.3' },
    // Unbounded number of binary attachments.
    { id: 'CVE-2026-33151 / GHSA-677m-j7p3-52f9', fixed: '4.2.6' },
    // Zero-attachment memory exhaustion.
    { id: 'GHSA-2m8v-j782-fhvr', fixed: '4.2.7' },
  ],
  // No advisory is published for engine.io-parser 5.x; it must still satisfy what the
  // installed engine.io asks for (checked below), so it cannot fall behind its user.
  'engine.io-parser': [],
};

type Version = [number, number, number];

interface Tree {
  version?: string;
  dependencies?: Record<string, Tree>;
}

function parse(version: string): Version {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function compare(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** Every copy of every package under node_modules, nested ones included, with its path. */
function installed(): Map<
  string,
  { version: string; path: string; deps: Record<string, string> }[]
> {
  const found = new Map<
    string,
    { version: string; path: string; deps: Record<string, string> }[]
  >();
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (entry.startsWith('@')) {
        walk(path);
        continue;
      }
      let manifest: { name?: string; version?: string; dependencies?: Record<string, string> };
      try {
        if (!statSync(path).isDirectory()) continue;
        manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as typeof manifest;
      } catch {
        continue;
      }
      if (manifest.name && manifest.version) {
        const list = found.get(manifest.name) ?? [];
        list.push({ version: manifest.version, path, deps: manifest.dependencies ?? {} });
        found.set(manifest.name, list);
      }
      walk(join(path, 'node_modules'));
    }
  };
  walk(join(ROOT, 'node_modules'));
  return found;
}

/** Whether `version` satisfies a simple npm range: exact, ^x.y.z or ~x.y.z. */
function satisfies(version: string, range: string): boolean {
  const m = /^([~^]?)(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!m) throw new Error(`range not understood: ${range}`);
  const [op, base] = [m[1], m[2]!];
  const [v, b] = [parse(version), parse(base)];
  if (compare(version, base) < 0) return false;
  if (op === '') return compare(version, base) === 0;
  if (op === '~') return v[0] === b[0] && v[1] === b[1];
  return b[0] > 0 ? v[0] === b[0] : v[1] === b[1];
}

describe('network-facing dependencies', () => {
  const all = installed();

  for (const [name, advisories] of Object.entries(ADVISORIES)) {
    it(`every installed ${name} is past its published advisories`, () => {
      const copies = all.get(name) ?? [];
      expect(copies.length, `${name} is not installed`).toBeGreaterThan(0);
      for (const copy of copies) {
        for (const advisory of advisories) {
          expect(
            compare(copy.version, advisory.fixed),
            `${name}@${copy.version} at ${copy.path} is older than ${advisory.fixed} (${advisory.id})`,
          ).toBeGreaterThanOrEqual(0);
        }
      }
    });
  }

  it('gives engine.io the engine.io-parser and socket.io the parser they ask for', () => {
    for (const [user, dep] of [
      ['engine.io', 'engine.io-parser'],
      ['engine.io-client', 'engine.io-parser'],
      ['socket.io', 'socket.io-parser'],
      ['socket.io-client', 'socket.io-parser'],
    ] as const) {
      for (const copy of all.get(user) ?? []) {
        const range = copy.deps[dep];
        if (!range) continue;
        const versions = (all.get(dep) ?? []).map((d) => d.version);
        expect(
          versions.some((v) => satisfies(v, range)),
          `${user}@${copy.version} wants ${dep}@${range}; installed: ${versions.join(', ')}`,
        ).toBe(true);
      }
    }
  });

  it('finds every copy npm itself knows of, nested ones included', () => {
    // npm nests other copies of ws under engine.io and friends; a walk that missed them
    // would pass while an old copy served the socket.io endpoint. `npm ls` reads only the
    // local tree, so it works without the registry; a non-zero exit still prints the tree.
    const run = spawnSync('npm', ['ls', ...Object.keys(ADVISORIES), '--all', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    const tree = JSON.parse(run.stdout) as Tree;
    const seen = new Map<string, Set<string>>();
    const visit = (node: Tree): void => {
      for (const [name, child] of Object.entries(node.dependencies ?? {})) {
        if (child.version) seen.set(name, (seen.get(name) ?? new Set()).add(child.version));
        visit(child);
      }
    };
    visit(tree);
    expect(seen.get('ws')?.size ?? 0).toBeGreaterThan(0);
    for (const [name, versions] of seen) {
      if (!(name in ADVISORIES)) continue;
      const walked = new Set((all.get(name) ?? []).map((c) => c.version));
      for (const version of versions) expect(walked, `${name}@${version}`).toContain(version);
    }
  });
});
