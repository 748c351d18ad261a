import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { reduceAll, type LabState } from '../../shared/lab.ts';
import type { LabEvent } from '../../shared/protocol.ts';
import { SESSION_FORMAT, SESSION_VERSION, type SessionFile } from '../../shared/schema/session.ts';
import { readLines } from './line-reader.ts';
import type { RunIndex, RunPart } from './run-api.ts';
import { eventStamp, parseLine, type ParsedLine } from './run-lines.ts';

/**
 * Events in one part of a run. The page replays a session of at most 10,000 events and
 * draws about a thousand comfortably (it keeps 600 live, twice that when paused), so a
 * long lesson is opened a part at a time, each from the state it starts in.
 */
export const PART_EVENTS = 1_000;

interface PartPlace extends RunPart {
  /** Where the checkpoint this part is replayed from starts, in bytes. */
  checkpointAt: number;
  /** The part starts from the state after this seq, folded on from the checkpoint. */
  anchorSeq: number;
}

/** A saved run, read as the session JSON format the page opens. */
export type RunSession = SessionFile;

interface Indexed extends RunIndex {
  places: PartPlace[];
}

/** Finished runs do not change: indexes are kept by size and time, a few at a time. */
const cache = new Map<string, { key: string; index: Indexed }>();
const CACHED = 8;

async function indexRun(dir: string, name: string): Promise<Indexed> {
  const file = path.join(dir, name);
  const stat = await fsp.stat(file);
  const key = `${stat.size}:${stat.mtimeMs}`;
  const hit = cache.get(file);
  if (hit?.key === key) return hit.index;

  const index: Indexed = {
    name,
    startedAt: null,
    bytes: stat.size,
    events: 0,
    dropped: 0,
    ended: null,
    unreadable: 0,
    parts: [],
    places: [],
  };
  let checkpoint: { at: number; seq: number } | null = null;
  let part: PartPlace | null = null;
  for await (const lines of readLines(file)) {
    for (const line of lines) {
      const stamp = line.complete ? eventStamp(line.text) : null;
      const parsed: ParsedLine | { kind: 'stamp'; seq: number; t: number } = stamp
        ? { kind: 'stamp', ...stamp }
        : parseLine(line.text);
      if (!line.complete || parsed.kind === 'bad') {
        index.unreadable += 1;
        continue;
      }
      switch (parsed.kind) {
        case 'header':
          index.startedAt = parsed.header.startedAt;
          break;
        case 'checkpoint':
          checkpoint = { at: line.offset, seq: parsed.seq };
          part = null;
          break;
        case 'dropped':
          index.dropped += parsed.events;
          break;
        case 'ended':
          index.ended = parsed.reason;
          break;
        case 'event':
        case 'stamp': {
          const { seq, t } = parsed.kind === 'event' ? parsed.event : parsed;
          // Already in the checkpoint's state, or out of order: nothing a replay could use.
          if (!checkpoint || seq <= (part?.toSeq ?? checkpoint.seq)) break;
          index.events += 1;
          const last: number = part?.toSeq ?? checkpoint.seq;
          if (!part || part.events >= PART_EVENTS || seq !== last + 1) {
            const n = index.places.length + 1;
            part = {
              n,
              fromSeq: seq,
              toSeq: seq,
              events: 0,
              fromT: t,
              toT: t,
              checkpointAt: checkpoint.at,
              anchorSeq: seq - 1,
            };
            index.places.push(part);
          }
          part.toSeq = seq;
          part.toT = t;
          part.events += 1;
        }
      }
    }
  }
  index.parts = index.places.map(({ n, fromSeq, toSeq, events, fromT, toT }) => ({
    n,
    fromSeq,
    toSeq,
    events,
    fromT,
    toT,
  }));
  if (cache.size >= CACHED) cache.delete(cache.keys().next().value ?? '');
  cache.set(file, { key, index });
  return index;
}

/** What is known of a run: its parts, what was dropped, how it ended. */
export async function readRunIndex(dir: string, name: string): Promise<RunIndex> {
  const { places: _places, ...index } = await indexRun(dir, name);
  return index;
}

/** Part `n` of a run as a session the page can open, or null if it has no such part. */
export async function readRunPart(
  dir: string,
  name: string,
  n: number,
): Promise<RunSession | null> {
  const place = (await indexRun(dir, name)).places[n - 1];
  if (!place) return null;
  let state: LabState | null = null;
  const before: LabEvent[] = [];
  const events: LabEvent[] = [];
  read: for await (const lines of readLines(path.join(dir, name), place.checkpointAt)) {
    for (const line of lines) {
      const parsed = parseLine(line.text);
      if (!line.complete) break read;
      if (state === null) {
        if (parsed.kind !== 'checkpoint') return null;
        state = parsed.state;
        continue;
      }
      if (parsed.kind !== 'event') continue;
      const { seq } = parsed.event;
      if (seq <= place.anchorSeq) before.push(parsed.event);
      else if (seq <= place.toSeq) events.push(parsed.event);
      if (seq >= place.toSeq) break read;
    }
  }
  if (state === null) return null;
  // After an unreadable line the fold misses an event; the replay still starts where it says.
  const anchor = { ...reduceAll(state, before), seq: place.anchorSeq };
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: new Date().toISOString(),
    config: reduceAll(anchor, events).config,
    snapshot: { seq: place.anchorSeq, state: anchor },
    events,
  };
}
