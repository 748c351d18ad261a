// The words drawn on and around each arrow, in the page's language. Pure, so the tests can
// check that byte counts are exact and previews keep every escape whole.

import { clockTime } from '../i18n/clock.ts';
import { fill } from '../i18n/format.ts';
import { STEP_CALLS } from '../teaching/server-code.ts';
import { settingChanges } from '../teaching/explain-config.ts';
import type { Lane } from './lanes.ts';
import { sentByClient } from './layout.ts';
import type { DiagramLang, DiagramMessages } from './messages.ts';
import type { BurstRow, Row } from './rows.ts';

/** Characters of a preview drawn on an arrow; the full preview is in the arrow's title. */
const PREVIEW_CHARS = 36;

/**
 * The text cut to `max` characters. An address keeps its port, which tells clients from one
 * machine apart: "192.168.1…:50312", not "192.168.1.23:50…".
 */
export function clipLabel(text: string, max: number): string {
  if (text.length <= max) return text;
  const port = /:\d{1,5}$/.exec(text)?.[0] ?? '';
  const head = max - 1 - port.length;
  return head >= 3 ? `${text.slice(0, head)}…${port}` : `${text.slice(0, max - 1)}…`;
}

/**
 * One visible character each: an escape (\n, \x00, \u{202E}, \\), or one code point with
 * what is drawn with it (its combining marks, or the rest of an emoji joined by U+200D),
 * so a cut never leaves half of an escape or an invisible joiner at the end.
 */
const TOKENS =
  /\\x[0-9a-fA-F]{2}|\\u\{[0-9A-F]{1,6}\}|\\.|\p{Regional_Indicator}{2}|[\s\S](?:\p{M}|[\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]|\u200D[\s\S])*/gu;

/**
 * The preview in quotes, cut at `max` visible characters without splitting an escape, and
 * ending in "…" when bytes were left out (by the server's preview or by this cut).
 */
export function clipPreview(preview: string, truncated: boolean, max = PREVIEW_CHARS): string {
  const tokens = preview.match(TOKENS) ?? [];
  const cut = tokens.length > max;
  const shown = cut ? tokens.slice(0, max).join('') : preview;
  return `"${shown}"${cut || truncated ? '…' : ''}`;
}

export interface TextKit {
  lang: DiagramLang;
  m: DiagramMessages;
  number: (n: number) => string;
  bytes: (n: number) => string;
  duration: (ms: number) => string;
  time: (t: number) => string;
}

const kits = new Map<string, TextKit>();

export function textKit(lang: DiagramLang, m: DiagramMessages): TextKit {
  const cached = kits.get(lang);
  if (cached?.m === m) return cached;
  const int = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const one = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const binary = (n: number): string =>
    n >= 1024 * 1024 ? `${one.format(n / 1024 / 1024)} MiB` : `${one.format(n / 1024)} KiB`;
  const kit: TextKit = {
    lang,
    m,
    number: (n) => int.format(n),
    // The exact count always; a rounded size beside it once the digits get hard to read.
    bytes: (n) => `${int.format(n)} B${n >= 10_000 ? ` (${binary(n)})` : ''}`,
    duration: (ms) =>
      ms < 1 ? '<1 ms' : ms < 1000 ? `${int.format(ms)} ms` : `${one.format(ms / 1000)} s`,
    time: (t) => clockTime(t, lang),
  };
  kits.set(lang, kit);
  return kit;
}

/**
 * A summary row says all it counts, exactly, counts first (a far lane's row may be cut at
 * the frame on a projector), then who summed it up: the server (in summaries that carry no
 * arrows) or this page (which folded arrows it was sent).
 */
function burstText(row: BurstRow, kit: TextKit): string {
  const { m } = kit;
  const by = row.summaries > 0 ? m.burstByServer : m.burstByPage;
  const reads = row.reads === 1 ? m.oneRead : fill(m.reads, { n: kit.number(row.reads) });
  const echoes = row.echoes === 1 ? m.oneEcho : fill(m.echoes, { n: kit.number(row.echoes) });
  const span = row.spanKnown ? fill(m.burstSpan, { ms: kit.duration(row.endT - row.t) }) : '';
  const even = row.reads === row.echoes && row.bytesIn === row.bytesOut;
  const bytes = kit.bytes(row.bytesIn);
  const counts = even
    ? fill(m.burst, { reads, bytes, span })
    : fill(m.burstUneven, { reads, bytes, echoes, out: kit.bytes(row.bytesOut), span });
  // Summaries do not say how big each of their reads was; arrows alone do.
  const max = row.summaries === 0 && row.reads > 0;
  return [counts, ...(max ? [fill(m.burstMax, { max: kit.bytes(row.maxRead) })] : []), by].join(
    ' · ',
  );
}

/** What of a summary row the server sent one by one, when it summed up the rest. */
function burstParts(row: BurstRow, kit: TextKit): string | null {
  if (row.summaries === 0 || row.arrows === 0) return null;
  const { m } = kit;
  const arrows = kit.number(row.arrows);
  return row.summaries === 1
    ? fill(m.burstPartsOne, { arrows })
    : fill(m.burstParts, { arrows, n: kit.number(row.summaries) });
}

export interface TextOptions {
  /** Characters of a preview to show; the title shows them all. */
  previewChars?: number;
  labelOf?: (id: number) => string;
}

/** The short text drawn above an arrow or inside a note. */
export function rowText(row: Row, kit: TextKit, options: TextOptions = {}): string {
  const { m } = kit;
  const { previewChars = PREVIEW_CHARS, labelOf = (id: number) => `#${id}` } = options;
  switch (row.kind) {
    case 'connect':
      return row.retrying ? m.retry : m.connect;
    case 'queued':
      return m.queued;
    case 'accept':
      return m.accept;
    case 'read':
    case 'word': {
      const text = fill(m.read, { bytes: kit.bytes(row.bytes) });
      const preview = row.hidden ? m.hidden : clipPreview(row.preview, row.truncated, previewChars);
      return row.kind === 'read' ? `${text} · ${preview}` : `${text} · ${preview} · ${m.word}`;
    }
    case 'echo':
      return fill(m.echo, { bytes: kit.bytes(row.bytes) });
    case 'close':
      if (row.by === 'client') {
        const flag = row.reason === 'fin' ? m.fin : m.rst;
        return row.detail ? `${flag} (${row.detail})` : flag;
      }
      return fill(m.close, {
        reason:
          row.reason === 'limit' && row.detail
            ? `${m['reason.limit']} (--${row.detail})`
            : m[`reason.${row.reason}`],
      });
    case 'burst':
      return burstText(row, kit);
    case 'config': {
      const changes = settingChanges(row.previous ?? null, row.config, kit.lang);
      return fill(row.previous ? m.config : m.configNow, {
        changes: changes.map((c) => c.what).join(' · ') || '—',
      });
    }
    case 'started':
      return fill(m.started, {
        address: `${row.config.host}:${row.config.port}`,
        mode: m[`mode.${row.config.mode}`],
        backlog: row.config.backlog,
        recv: row.config.recvSize,
      });
    case 'stopped':
      return m.stopped;
    case 'program':
      return fill(m.program, {
        program: row.program,
        address: `${row.config.host}:${row.config.port}`,
        backlog: row.config.backlog,
      });
    case 'exited':
      return row.signal
        ? fill(m.exitedSignal, { signal: row.signal })
        : fill(m.exitedCode, { code: row.code ?? '?' });
    case 'call':
      return fill(m.call, { call: row.call, result: row.result, n: kit.number(row.count) });
    case 'retries': {
      const first = row.clients[0] ?? 0;
      const last = row.clients[row.clients.length - 1] ?? 0;
      return fill(m.retries, { n: kit.number(row.clients.length), first, last });
    }
    case 'paused': {
      const call = STEP_CALLS[row.step];
      return row.target === null
        ? fill(m.paused, { call })
        : fill(m.pausedFor, { call, client: labelOf(row.target) });
    }
    case 'refused':
      return fill(row.blocked ? m.refusedBlocked : m.refused, {
        address: `${row.address}:${row.port}`,
        limit: row.limit,
        times: row.count > 1 ? ` ×${kit.number(row.count)}` : '',
      });
    case 'blocked':
      return fill(row.kernel ? m.blocked : m.blockedApart, {
        client: labelOf(row.target),
        bytes: kit.bytes(row.unsent),
      });
    case 'resumed':
      return fill(m.resumed, { client: labelOf(row.target) });
  }
}

/** One line that says everything about a row: the arrow's title and the live summary. */
export function rowTitle(row: Row, kit: TextKit, clientLabel: (id: number) => string): string {
  const { m } = kit;
  // The title has room for the whole preview the server sent, not just what fits.
  const text = rowText(row, kit, { previewChars: Infinity, labelOf: clientLabel });
  const at = fill(m.at, { t: kit.time(row.t) });
  if (!('client' in row)) return `${text} · ${at}`;
  const client = clientLabel(row.client);
  const [from, to] = sentByClient(row) ? [client, m.server] : [m.server, client];
  const line = fill(m.arrow, { from, to, text });
  if (row.kind !== 'burst') return `${line} · ${at}`;
  const parts = burstParts(row, kit);
  return `${line.replace(' → ', ' ↔ ')}${parts ? ` (${parts})` : ''} · ${at}`;
}

/**
 * The second line of a lane's header: id, kind and phase, in at most `max` characters. A
 * narrow lane (four clients on a projector) keeps the phase whole and drops the id first,
 * then the kind (the lane's name says it too); the header's title still has all three.
 */
export function laneCaption(lane: Lane, kit: TextKit, max = Infinity): string {
  const { m } = kit;
  if (lane.kind === 'server' || lane.kind === 'free') return '';
  if (lane.kind === 'more') return fill(m.moreTitle, { n: kit.number(lane.clients.length) });
  const parts = [`#${lane.client}`];
  // Raw TCP is what most clients are; only the others say what they are.
  if (lane.clientKind && lane.clientKind !== 'raw') parts.push(m[`kind.${lane.clientKind}`]);
  if (lane.phase) parts.push(m[`phase.${lane.phase}`]);
  while (parts.length > 1 && parts.join(' · ').length > max) parts.shift();
  return parts.join(' · ');
}
