import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialState, reduceAll, type LabState } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent } from '../shared/protocol.ts';
import { isRunName, listRuns, newRunName } from '../server/recording/run-files.ts';
import { PART_EVENTS, readRunIndex, readRunPart } from '../server/recording/run-reader.ts';
import { MAX_QUEUED_BYTES, RunWriter, type BatchFeed } from '../server/recording/run-writer.ts';
import { defaultSessionsDir } from '../server/recording/sessions-dir.ts';
import { startRecording } from '../server/recording/recording.ts';
import { parseOptions } from '../server/options.ts';
import { parseSession } from '../web/src/export/session-format.ts';
import { eventually, watch } from './support/app.ts';
import { closeLaunchedAfterEach } from './support/launched.ts';
import type { RawClient } from './support/tcp.ts';

const { launch, raw, echoOnce } = closeLaunchedAfterEach();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'echo-lab-runs-'));
  dirs.push(dir);
  return dir;
};
const MiB = 1024 * 1024;
const recordingIn = (dir: string, maxRunBytes = 50 * MiB, keepRuns = 20) => ({
  recording: { dir, maxRunBytes, keepRuns },
});
const onlyRun = (dir: string): string => {
  const runs = readdirSync(dir).filter(isRunName);
  expect(runs).toHaveLength(1);
  return runs[0] as string;
};
/**
 * Short messages, each echoed before the next and a few milliseconds apart, from several
 * clients at once: slow enough that the server details every read (it sums up a client
 * that sends more than 20 in a tenth of a second), so each is two events.
 */
async function paced(clients: RawClient[], done: () => boolean | Promise<boolean>): Promise<void> {
  let stop = false;
  const sending = Promise.all(
    clients.map(async (client) => {
      let expected = client.received.length;
      for (let i = 0; !stop; i++) {
        const message = `m${i}\n`;
        client.send(message);
        expected += message.length;
        await client.receive(expected);
        await new Promise((r) => setTimeout(r, 8));
      }
    }),
  );
  // Until the server has what the test needs, not for a time a loaded machine may not fill.
  await eventually(done, 20_000).finally(() => (stop = true));
  await sending;
}
const opens = (session: unknown) => {
  const parsed = parseSession(JSON.stringify(session));
  if (!parsed.ok) throw new Error(`the page refuses it: ${parsed.problem} ${parsed.at}`);
  return parsed.session;
};

describe('the saved run', () => {
  it('holds every event a page saw, in order, and opens in the page as a session', async () => {
    const dir = tempDir();
    const app = await launch(recordingIn(dir));
    const viewer = await watch(app);
    const client = await raw(app.addresses.echoPort);
    client.send('hola');
    await client.receive(4);
    client.send(DEFAULTS.disconnectWord);
    await client.waitEnded();
    await eventually(() => viewer.events.some((e) => e.type === 'client.closed'));
    const seen = [...viewer.snapshots[0]!.history, ...viewer.events].map((e) => e.seq);
    viewer.socket.close();
    await app.close();

    const name = onlyRun(dir);
    expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
    const index = await readRunIndex(dir, name);
    expect(index).toMatchObject({ ended: 'stopped', dropped: 0, unreadable: 0 });
    const session = opens(await readRunPart(dir, name, 1));
    const saved = session.events.map((e) => e.seq);
    expect(saved.slice(0, seen.length)).toEqual(seen);
    expect(saved[0]).toBe(1);
    expect(session.events[0]?.type).toBe('server.started');
    const read = session.events.find((e) => e.type === 'data.read');
    expect(read).toMatchObject({ bytes: 4, preview: 'hola' });
    // The last event is the shutdown, written before the file was closed.
    expect(session.events.at(-1)?.type).toBe('server.stopped');
  });

  it('splits a long lesson into parts that each open and follow on from the one before', async () => {
    const dir = tempDir();
    const app = await launch({ ...recordingIn(dir), mode: 'concurrent' });
    const clients = await Promise.all([1, 2, 3, 4].map(() => raw(app.addresses.echoPort)));
    await paced(clients, () => app.hub.lab.seq > PART_EVENTS + 200);
    await app.close();
    const name = onlyRun(dir);
    const index = await readRunIndex(dir, name);
    expect(index.parts.length).toBeGreaterThan(1);
    expect(index.parts.every((p) => p.events <= PART_EVENTS)).toBe(true);
    expect(index.parts.reduce((n, p) => n + p.events, 0)).toBe(index.events);
    let before: LabState | null = null;
    for (const part of index.parts) {
      const session = opens(await readRunPart(dir, name, part.n));
      expect(session.events[0]?.seq).toBe(part.fromSeq);
      expect(session.events.at(-1)?.seq).toBe(part.toSeq);
      if (before) expect(session.snapshot.state).toEqual(before);
      before = reduceAll(session.snapshot.state, session.events);
    }
    expect(await readRunPart(dir, name, index.parts.length + 1)).toBeNull();
  });

  it('stops at its size cap, says so, and the lesson goes on', async () => {
    const dir = tempDir();
    const cap = 16 * 1024;
    const app = await launch(recordingIn(dir, cap));
    const client = await raw(app.addresses.echoPort);
    const name = onlyRun(dir);
    await paced([client], async () => (await readRunIndex(dir, name)).ended === 'full');
    // Still echoing after the run stopped growing.
    client.send('still here');
    await eventually(() => client.received.toString().endsWith('still here'));
    await app.close();
    expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(cap);
    const index = await readRunIndex(dir, name);
    expect(index.ended).toBe('full');
    opens(await readRunPart(dir, name, 1));
  });

  it('reads a run whose last line a crash cut short, and skips lines that are not its own', async () => {
    const dir = tempDir();
    const app = await launch(recordingIn(dir));
    await echoOnce(app.addresses.echoPort, 'hola');
    await app.close();
    const name = onlyRun(dir);
    const whole = await readRunIndex(dir, name);
    appendFileSync(path.join(dir, name), '{"type":"data.read","seq":99999,"t":1,"id":1,"by');
    const torn = await readRunIndex(dir, name);
    expect(torn.unreadable).toBe(1);
    expect(torn.events).toBe(whole.events);
    opens(await readRunPart(dir, name, 1));
  });

  it('keeps at most --sessions-keep runs, deleting the oldest and nothing else', async () => {
    const dir = tempDir();
    const old = [
      '2020-01-01T00:00:00.000Z',
      '2021-01-01T00:00:00.000Z',
      '2022-01-01T00:00:00.000Z',
    ].map((iso) => newRunName(new Date(iso), 1));
    for (const name of old) writeFileSync(path.join(dir, name), '');
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const app = await launch(recordingIn(dir, MiB, 2));
    await app.close();
    const left = readdirSync(dir).sort();
    expect(left).toContain('notes.txt');
    expect(left).toContain(old[2]);
    expect(left).not.toContain(old[0]);
    expect(left).not.toContain(old[1]);
    expect((await listRuns(dir)).map((r) => r.name)).toHaveLength(2);
  });
});

/** A hub stand-in that can hand the writer events faster than any disk takes them. */
function syntheticFeed() {
  let sink: ((batch: LabEvent[]) => void) | null = null;
  let lab = initialState();
  let seq = 0;
  const feed: BatchFeed = {
    onBatch: (s) => ((sink = s), () => (sink = null)),
    get lab() {
      return lab;
    },
  };
  const push = (n: number): void => {
    const batch: LabEvent[] = [];
    for (let i = 0; i < n; i++) {
      seq += 1;
      batch.push(
        seq === 1
          ? {
              type: 'server.started',
              config: { ...DEFAULTS, stepping: false },
              startedAt: 0,
              seq,
              t: 0,
            }
          : { type: 'diagram.cleared', seq, t: seq },
      );
    }
    lab = reduceAll(lab, batch);
    sink?.(batch);
  };
  return { feed, push };
}

describe('a disk that falls behind', () => {
  it('drops whole batches past a bounded queue, writes down what it dropped, and recovers', async () => {
    const dir = tempDir();
    const { feed, push } = syntheticFeed();
    const lines: string[] = [];
    const writer = await RunWriter.start(feed, { dir, maxRunBytes: 500 * MiB, keepRuns: 5 }, (l) =>
      lines.push(l),
    );
    // ~60 B an event: 200,000 events at once is about three times the queue's bound.
    let mostQueued = 0;
    for (let i = 0; i < 200; i++) {
      push(1_000);
      mostQueued = Math.max(mostQueued, writer.status.queued);
    }
    expect(writer.status.dropped).toBeGreaterThan(0);
    expect(mostQueued).toBeLessThanOrEqual(MAX_QUEUED_BYTES + 100_000);
    expect(lines.some((l) => /not keeping up/.test(l))).toBe(true);
    await eventually(() => writer.status.queued === 0);
    push(10); // taken up by the checkpoint that follows the gap
    push(10);
    await writer.close();
    const name = onlyRun(dir);
    const text = readFileSync(path.join(dir, name), 'utf8');
    expect(text.length).toBeLessThan(MAX_QUEUED_BYTES * 2);
    const index = await readRunIndex(dir, name);
    expect(index.dropped).toBe(writer.status.dropped);
    expect(index.events + index.dropped).toBe(200_020);
    // What was written before and after the gap both open.
    for (const part of [index.parts[0], index.parts.at(-1)])
      opens(await readRunPart(dir, name, part!.n));
    expect(index.parts.at(-1)?.toSeq).toBe(200_020);
  });
});

describe('where runs are saved', () => {
  it('takes its folder and bounds from flags, and refuses nonsense in one line', () => {
    const dir = tempDir();
    expect(
      parseOptions(['--sessions-dir', dir, '--sessions-keep', '3', '--sessions-max-mb', '2'])
        .recording,
    ).toEqual({
      dir,
      keepRuns: 3,
      maxRunBytes: 2 * MiB,
    });
    expect(parseOptions([]).recording).toMatchObject({ keepRuns: 20, maxRunBytes: 50 * MiB });
    expect(parseOptions(['--no-record']).recording).toBeNull();
    for (const [args, message] of [
      [['--no-record', '--sessions-dir', dir], /--no-record saves nothing/],
      [['--sessions-keep', '0'], /--sessions-keep takes a whole number from 1/],
      [['--sessions-dir', ' '], /--sessions-dir needs a folder/],
    ] as const) {
      expect(() => parseOptions(args)).toThrow(message);
    }
  });

  it('goes on unsaved, and says why, when the folder cannot be made', async () => {
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const warnings: string[] = [];
    const recording = await startRecording(
      { onBatch: () => () => undefined, lab: initialState() },
      { dir: path.join(file, 'sessions'), maxRunBytes: MiB, keepRuns: 2 },
      (line) => warnings.push(line),
    );
    expect(recording.off).toMatch(/cannot save this run in .*a-file.*--sessions-dir/);
    expect(warnings).toEqual([recording.off]);
    const app = await launch({
      recording: { dir: path.join(file, 'sessions'), maxRunBytes: MiB, keepRuns: 2 },
    });
    const client = await raw(app.addresses.echoPort);
    client.send('sigue');
    await client.receive(5);
  });

  it('follows each platform’s convention', () => {
    expect(defaultSessionsDir({ XDG_STATE_HOME: '/s' }, 'linux', '/home/a')).toBe(
      '/s/echo-lab/sessions',
    );
    expect(defaultSessionsDir({ XDG_STATE_HOME: 'rel' }, 'linux', '/home/a')).toBe(
      '/home/a/.local/state/echo-lab/sessions',
    );
    expect(defaultSessionsDir({}, 'darwin', '/Users/a')).toBe(
      '/Users/a/Library/Application Support/echo-lab/sessions',
    );
    expect(
      defaultSessionsDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32', 'C:\\Users\\a'),
    ).toBe('C:\\Users\\a\\AppData\\Local\\echo-lab\\sessions');
  });
});
