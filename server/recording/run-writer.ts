import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { LabState } from '../../shared/lab.ts';
import type { LabEvent } from '../../shared/protocol.ts';
import type { RunStatus } from './run-api.ts';
import { newRunName, pruneRuns } from './run-files.ts';
import { EndReason, RUN_FORMAT, RUN_VERSION, type RunHeader, type RunLine } from './run-lines.ts';

/** Where runs go and how much of the teacher's disk they may take. */
export interface RecordingOptions {
  dir: string;
  /** A run stops being written past this size; the lesson goes on. */
  maxRunBytes: number;
  /** Runs kept in `dir`, this one included; the oldest are deleted at start. */
  keepRuns: number;
}

/** What the writer needs of the hub: its batches, and the state they add up to. */
export interface BatchFeed {
  onBatch(sink: (batch: LabEvent[]) => void): () => void;
  readonly lab: LabState;
}

/** A checkpoint every so many events: a stretch is replayed by folding at most this many. */
const CHECKPOINT_EVENTS = 5_000;

/**
 * Bytes waiting for the disk. Past this the writer drops whole batches, says so in the
 * file, and writes a checkpoint when the disk catches up: memory stays bounded however
 * slow the disk is, and what was lost is written down.
 */
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** A run's closing line needs far less; it is kept free so a full run still says so. */
const END_RESERVE = 256;

/** How often written lines are also forced from the page cache to the disk. */
const SYNC_MS = 2_000;

/**
 * Appends a server run's events to one file as they come, in whole lines, a batch (at most
 * one a frame) per write, one write at a time. A kill loses only what had not been
 * handed to the kernel yet: at most the batches queued behind the write under way.
 */
export class RunWriter {
  private readonly queue: string[] = [];
  private queuedBytes = 0;
  private writing: Promise<void> | null = null;
  private written = 0;
  private events = 0;
  private sinceCheckpoint = 0;
  private dropping: { events: number; fromSeq: number; toSeq: number } | null = null;
  private droppedTotal = 0;
  private stopped: string | null = null;
  private lastSync = Date.now();
  /** Written but not yet forced to the disk; a timer does it when writes stop coming. */
  private unsynced = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly feed: BatchFeed,
    private readonly file: FileHandle,
    readonly name: string,
    private readonly maxBytes: number,
    private readonly warn: (line: string) => void,
  ) {
    const header: RunHeader = {
      format: RUN_FORMAT,
      version: RUN_VERSION,
      startedAt: new Date().toISOString(),
      pid: process.pid,
    };
    this.enqueue(`${JSON.stringify(header)}\n${this.checkpoint()}`);
    this.unsubscribe = feed.onBatch((batch) => this.take(batch));
  }

  /** Makes the folder, deletes the oldest runs past the cap, and starts a new run's file. */
  static async start(
    feed: BatchFeed,
    options: RecordingOptions,
    warn: (line: string) => void = (line) => process.stderr.write(`echo-lab: ${line}\n`),
  ): Promise<RunWriter> {
    await fsp.mkdir(options.dir, { recursive: true, mode: 0o700 });
    await pruneRuns(options.dir, Math.max(0, options.keepRuns - 1));
    const name = newRunName();
    // Student messages: readable by the teacher's account only.
    const file = await fsp.open(path.join(options.dir, name), 'wx', 0o600);
    return new RunWriter(feed, file, name, options.maxRunBytes, warn);
  }

  get status(): RunStatus {
    const { name, written: bytes, events, droppedTotal: dropped, stopped } = this;
    return { name, bytes, events, dropped, queued: this.queuedBytes, stopped };
  }

  /** Writes what is queued and a closing line, then closes the file. */
  async close(): Promise<void> {
    if (!this.stopped) this.finish(EndReason.stopped, 'stopped');
    while (this.writing) await this.writing;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (this.unsynced) await this.file.datasync().catch(() => undefined);
    await this.file.close().catch(() => undefined);
  }

  private take(batch: LabEvent[]): void {
    const first = batch[0];
    const last = batch.at(-1);
    if (this.stopped || !first || !last) return;
    if (this.queuedBytes > MAX_QUEUED_BYTES) {
      this.droppedTotal += batch.length;
      if (this.dropping) {
        this.dropping.events += batch.length;
        this.dropping.toSeq = last.seq;
      } else {
        this.dropping = { events: batch.length, fromSeq: first.seq, toSeq: last.seq };
        this.warn('the disk is not keeping up: some events of this lesson are not saved');
      }
      return;
    }
    let text: string;
    if (this.dropping) {
      // The state after this batch picks the run up again; the batch itself counts as lost.
      this.dropping.events += batch.length;
      this.droppedTotal += batch.length;
      this.dropping.toSeq = last.seq;
      text = this.droppedLines();
    } else {
      text = batch.map((e) => `${JSON.stringify(e)}\n`).join('');
      this.events += batch.length;
      this.sinceCheckpoint += batch.length;
      if (this.sinceCheckpoint >= CHECKPOINT_EVENTS) text += this.checkpoint();
    }
    const size = Buffer.byteLength(text);
    if (this.written + this.queuedBytes + size + END_RESERVE > this.maxBytes) {
      this.finish(EndReason.full, 'this run reached its size cap (--sessions-max-mb)');
      return;
    }
    this.enqueue(text, size);
  }

  /** The lab as of the last event taken, on a line of its own. */
  private checkpoint(): string {
    this.sinceCheckpoint = 0;
    const { seq } = this.feed.lab;
    return `${JSON.stringify({ checkpoint: { seq, state: this.feed.lab } } satisfies RunLine)}\n`;
  }

  /** What was lost, then the state that picks the run up again. */
  private droppedLines(): string {
    if (!this.dropping) return '';
    const line = `${JSON.stringify({ dropped: this.dropping } satisfies RunLine)}\n`;
    this.dropping = null;
    return line + this.checkpoint();
  }

  private finish(reason: EndReason, why: string): void {
    this.stopped = why;
    this.unsubscribe();
    const ended: RunLine = { ended: { reason, seq: this.feed.lab.seq } };
    // Stopping while dropping: the file still says what it lost, whatever the cap.
    const lost = this.droppedLines();
    this.enqueue(`${lost}${JSON.stringify(ended)}\n`);
    if (reason === EndReason.full) this.warn(`${why}: the rest of the lesson is not saved`);
  }

  private enqueue(text: string, size = Buffer.byteLength(text)): void {
    this.queue.push(text);
    this.queuedBytes += size;
    this.writing ??= this.drain();
  }

  private async sync(): Promise<void> {
    this.lastSync = Date.now();
    this.unsynced = false;
    await this.file.datasync();
  }

  /**
   * One write at a time, of everything queued by then; what was written is forced to the
   * disk at most SYNC_MS later, so even a power cut loses only the last couple of seconds.
   */
  private async drain(): Promise<void> {
    try {
      if (this.queue.length === 0 && this.unsynced) await this.sync();
      while (this.queue.length > 0) {
        const text = this.queue.join('');
        const size = this.queuedBytes;
        this.queue.length = 0;
        await this.file.appendFile(text);
        this.queuedBytes -= size;
        this.written += size;
        this.unsynced = true;
        if (Date.now() - this.lastSync >= SYNC_MS) await this.sync();
      }
      if (this.unsynced) {
        this.syncTimer ??= setTimeout(() => {
          this.syncTimer = null;
          if (this.unsynced) this.writing ??= this.drain();
        }, SYNC_MS).unref();
      }
    } catch (err) {
      this.queue.length = 0;
      this.queuedBytes = 0;
      if (!this.stopped) {
        this.stopped = `the disk refused the run (${(err as Error).message})`;
        this.unsubscribe();
        this.warn(`${this.stopped}: the rest of the lesson is not saved`);
      }
    } finally {
      this.writing = null;
    }
  }
}
