// Viewers by the hundred, as cheap as a viewer can be, so that at 1,000 of them the load
// generator does not measure itself: each is a bare WebSocket speaking socket.io's wire
// protocol (engine.io v4 text frames) instead of a socket.io-client. A batch of events is
// not decoded: the first and last `"seq":` in its text give its range, checked against the
// viewer's last one, and each `bench:<ms>:` stamp in it times a delivery. One viewer of
// each group decodes every batch in full, to show that the shortcut counts right. Groups
// are added and dropped as a bench steps up and down; a report on ALL_VIEWERS covers every group.

import { WebSocket, type RawData } from 'ws';
import type { LabEvent } from '../shared/protocol.ts';
import {
  ALL_VIEWERS,
  serveRequests,
  setReading,
  type ViewerJob,
  type ViewerReport,
  type ViewerResults,
  type ViewerSocket,
} from './ipc.ts';
import { withTimeout } from './stats.ts';

/** Delivery times are counted in 1-ms buckets up to this; later ones in the last bucket. */
const HISTOGRAM_MS = 30_000;

interface Viewer {
  ws: WebSocket;
  /** Decodes every batch (one per group), checking the shortcut. */
  full: boolean;
  last: number;
  snapshots: number;
  events: number;
  bytes: number;
  gaps: number;
  duplicates: number;
}

interface Group {
  viewers: Viewer[];
}

const groups = new Map<string, Group>();

/** Delivery times over every group, in 1-ms buckets; reset by each report. */
const delivery = new Uint32Array(HISTOGRAM_MS + 1);
let samples = 0;

const SEQ = Buffer.from('"seq":');
const STAMP = Buffer.from('"preview":"bench:');
const EVENTS = Buffer.from('42["events",');
const SNAPSHOT = Buffer.from('42["snapshot",');
const DIGIT_0 = 48;

/** The unsigned integer written at `at` in `text`. */
function numberAt(text: Buffer, at: number): number {
  let n = 0;
  for (let i = at; i < text.length; i++) {
    const d = (text[i] as number) - DIGIT_0;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return n;
}

function time(text: Buffer, now: number): void {
  for (let at = text.indexOf(STAMP); at >= 0; at = text.indexOf(STAMP, at + STAMP.length)) {
    const delay = Math.max(0, now - numberAt(text, at + STAMP.length));
    const bucket = Math.min(delay, HISTOGRAM_MS);
    delivery[bucket] = (delivery[bucket] ?? 0) + 1;
    samples++;
  }
}

function follow(viewer: Viewer, text: Buffer): void {
  const now = Date.now();
  let first: number;
  let last: number;
  if (viewer.full) {
    const [, batch] = JSON.parse(text.subarray(2).toString()) as [string, LabEvent[]];
    batch.forEach((event, i) => {
      const before = batch[i - 1];
      if (before && event.seq !== before.seq + 1) viewer.gaps++;
    });
    first = batch[0]?.seq ?? viewer.last + 1;
    last = batch[batch.length - 1]?.seq ?? viewer.last;
  } else {
    const a = text.indexOf(SEQ, EVENTS.length);
    const b = text.lastIndexOf(SEQ);
    if (a < 0 || b < 0) return;
    first = numberAt(text, a + SEQ.length);
    last = numberAt(text, b + SEQ.length);
  }
  if (first <= viewer.last) viewer.duplicates += Math.min(last, viewer.last) - first + 1;
  else viewer.gaps += first - viewer.last - 1;
  if (last > viewer.last) {
    viewer.events += last - Math.max(first, viewer.last + 1) + 1;
    viewer.last = last;
  }
  time(text, now);
}

function receive(viewer: Viewer, data: RawData, connected: () => void): void {
  const text = data as Buffer;
  viewer.bytes += text.length;
  const kind = text[0];
  if (kind === 0x32 /* '2': ping */) return void viewer.ws.send('3');
  if (kind === 0x30 /* '0': engine.io open */) return void viewer.ws.send('40');
  if (kind !== 0x34 /* '4': a socket.io packet */) return;
  if (text.subarray(0, EVENTS.length).equals(EVENTS)) return follow(viewer, text);
  if (text.subarray(0, SNAPSHOT.length).equals(SNAPSHOT)) {
    const [, snapshot] = JSON.parse(text.subarray(2).toString()) as [string, { seq: number }];
    viewer.last = snapshot.seq;
    viewer.snapshots++;
    connected();
    return;
  }
  if (text[1] === 0x34 /* '44': connect error */) viewer.ws.close();
}

function connect(url: string, full: boolean): Promise<Viewer> {
  const endpoint = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(endpoint, { perMessageDeflate: false });
  const viewer: Viewer = {
    ws,
    full,
    last: 0,
    snapshots: 0,
    events: 0,
    bytes: 0,
    gaps: 0,
    duplicates: 0,
  };
  const first = new Promise<Viewer>((resolve, reject) => {
    ws.on('message', (data) => receive(viewer, data, () => resolve(viewer)));
    ws.once('error', reject);
    ws.once('close', () => reject(new Error('closed before its snapshot')));
  });
  return withTimeout(first, 60_000, `raw viewer of ${url}`);
}

/** Nearest-rank quantile of the delivery histogram. */
function quantile(q: number): number {
  if (samples === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * samples));
  let seen = 0;
  for (let ms = 0; ms < delivery.length; ms++) {
    seen += delivery[ms] ?? 0;
    if (seen >= rank) return ms;
  }
  return HISTOGRAM_MS;
}

function report(viewers: Viewer[]): ViewerReport {
  const sum = (pick: (v: Viewer) => number): number =>
    viewers.reduce((total, v) => total + pick(v), 0);
  const spread = { p50: quantile(0.5), p99: quantile(0.99), max: quantile(1), n: samples };
  delivery.fill(0);
  samples = 0;
  const cpu = process.cpuUsage();
  return {
    viewers: viewers.filter((v) => v.ws.readyState === WebSocket.OPEN).length,
    events: sum((v) => v.events),
    bytes: sum((v) => v.bytes),
    gaps: sum((v) => v.gaps),
    duplicates: sum((v) => v.duplicates),
    resnapshots: sum((v) => v.snapshots - 1),
    delivery: spread,
    cpuUs: cpu.user + cpu.system,
  };
}

/** Connections opened at once while attaching: the server sends each a snapshot. */
const ATTACH_AT_ONCE = 50;

async function handle(job: ViewerJob): Promise<ViewerResults[ViewerJob['type']]> {
  if (job.type === 'report' && job.group === ALL_VIEWERS) {
    return report([...groups.values()].flatMap((g) => g.viewers));
  }
  const group = groups.get(job.group) ?? { viewers: [] };
  groups.set(job.group, group);
  switch (job.type) {
    case 'attach': {
      for (let done = 0; done < job.count; done += ATTACH_AT_ONCE) {
        const n = Math.min(ATTACH_AT_ONCE, job.count - done);
        const added = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            connect(job.url, group.viewers.length === 0 && i === 0),
          ),
        );
        group.viewers.push(...added);
      }
      return { attached: group.viewers.length };
    }
    case 'report':
      return report(group.viewers);
    case 'pause':
      setReading(
        group.viewers.map((v) => (v.ws as unknown as { _socket?: ViewerSocket })._socket),
        job.paused,
      );
      return {};
    case 'detach':
      for (const viewer of group.viewers) viewer.ws.terminate();
      groups.delete(job.group);
      return {};
  }
}

serveRequests<ViewerJob>({}, handle);
