import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../server/http/sessions-api.ts';
import { isRunName } from '../server/recording/run-files.ts';
import { readRunIndex, readRunPart } from '../server/recording/run-reader.ts';
import { parseSession } from '../web/src/export/session-format.ts';
import { eventually } from './support/app.ts';
import { bundled } from './support/server-bundle.ts';
import { closeLaunchedAfterEach, exitOf } from './support/launched.ts';

const { launch, raw, echoOnce, cleanup } = closeLaunchedAfterEach();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'echo-lab-api-'));
  dirs.push(dir);
  return dir;
};
const TOKEN = 'teacher-token-456';

describe('GET /api/sessions', () => {
  it('lists, describes and hands out saved runs, to the teacher only in classroom mode', async () => {
    const dir = tempDir();
    const options = { dir, maxRunBytes: 1 << 20, keepRuns: 5 };
    // A finished run first, then the one being written.
    await (await launch({ recording: options })).close();
    const app = await launch({ recording: options, lan: true, token: TOKEN });
    await echoOnce(app.addresses.echoPort, 'hola');
    const base = `http://127.0.0.1:${app.addresses.webPort}/api/sessions`;
    const get = (url: string, token?: string) =>
      fetch(url, { headers: token ? { [TOKEN_HEADER]: token } : {} });

    for (const token of [undefined, 'wrong-token-000']) {
      const refused = await get(base, token);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/only the teacher/);
    }
    const list = (await (await get(base, TOKEN)).json()) as {
      dir: string;
      runs: { name: string; live: boolean; bytes: number }[];
    };
    expect(list.dir).toBe(dir);
    expect(list.runs.map((r) => r.live)).toEqual([true, false]);
    const live = list.runs[0]!;

    await eventually(async () => {
      const index = (await (await get(`${base}/${live.name}`, TOKEN)).json()) as {
        events: number;
      };
      return index.events >= 6;
    });
    const part = await get(`${base}/${live.name}/parts/1`, TOKEN);
    expect(part.headers.get('content-disposition')).toMatch(/attachment; filename="echo-lab-run-/);
    const parsed = parseSession(await part.text());
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.session.events.some((e) => e.type === 'data.read')).toBe(true);

    for (const bad of [
      `${base}/..%2F..%2Fetc%2Fpasswd`,
      `${base}/notes.txt`,
      `${base}/${live.name}/parts/99`,
      `${base}/${live.name}/parts/x`,
    ]) {
      expect((await get(bad, TOKEN)).status).toBe(404);
    }
    expect((await get(`${base}/${live.name}/parts/1`)).status).toBe(403);
  });

  it('says when this run is not saved', async () => {
    const app = await launch({ recording: null });
    const list = (await (
      await fetch(`http://127.0.0.1:${app.addresses.webPort}/api/sessions`)
    ).json()) as { dir: string | null; off: string; runs: unknown[] };
    expect(list).toMatchObject({ dir: null, runs: [] });
    expect(list.off).toMatch(/--no-record/);
  });
});

describe('a crash', () => {
  it('loses nothing already written: kill -9 leaves a run that opens', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      [bundled('main'), '--port', '0', '--web-port', '0', '--sessions-dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    cleanup.push(() => child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await eventually(() => /TCP echo server\s+\S+:(\d+)/.test(out), 20_000);
    const port = Number(/TCP echo server\s+\S+:(\d+)/.exec(out)?.[1]);
    expect(out).toContain(`Saving the lesson in ${dir}`);
    const client = await raw(port);
    client.send('antes del crash');
    await client.receive(15);
    const name = readdirSync(dir).find(isRunName)!;
    const file = path.join(dir, name);
    await eventually(() => readFileSync(file, 'utf8').includes('"type":"data.echoed"'));
    const before = readFileSync(file, 'utf8');

    expect(child.pid).toBeGreaterThan(0);
    process.kill(child.pid!, 'SIGKILL');
    await exitOf(child);

    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const index = await readRunIndex(dir, name);
    expect(index.ended).toBeNull();
    const parsed = parseSession(JSON.stringify(await readRunPart(dir, name, 1)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const read = parsed.session.events.find((e) => e.type === 'data.read');
    expect(read).toMatchObject({ bytes: 15, preview: 'antes del crash' });
    // The server really died under it: the client's connection went with it.
    await client.waitEnded();
  });
});
