import { createReadStream } from 'node:fs';

export interface FileLine {
  text: string;
  /** Byte offset of the line's start in the file. */
  offset: number;
  /** False for a last line with no newline: a write a crash cut short, or one under way. */
  complete: boolean;
}

/** Longer lines are not Echo Lab's: skipped unread rather than held in memory. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * The lines of a file from `start`, with their byte offsets, read a chunk at a time and
 * handed over a chunk's worth at a time (a yield per line costs more than reading it).
 */
export async function* readLines(file: string, start = 0): AsyncGenerator<FileLine[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineStart = start;
  let skipping = false;
  for await (const chunk of createReadStream(file, { start, highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    const lines: FileLine[] = [];
    let from = 0;
    for (let nl = buf.indexOf(10, from); nl !== -1; nl = buf.indexOf(10, from)) {
      const piece = buf.subarray(from, nl);
      const length = pendingBytes + piece.length;
      if (!skipping && length <= MAX_LINE_BYTES) {
        const text =
          pending.length === 0
            ? buf.toString('utf8', from, nl)
            : Buffer.concat([...pending, piece]).toString('utf8');
        lines.push({ text, offset: lineStart, complete: true });
      }
      lineStart += length + 1;
      pending = [];
      pendingBytes = 0;
      skipping = false;
      from = nl + 1;
    }
    if (lines.length > 0) yield lines;
    const rest = buf.subarray(from);
    pendingBytes += rest.length;
    if (pendingBytes > MAX_LINE_BYTES) {
      skipping = true;
      pending = [];
    } else if (rest.length > 0) pending.push(Buffer.from(rest));
  }
  if (pendingBytes > 0 && !skipping) {
    const text = Buffer.concat(pending).toString('utf8');
    yield [{ text, offset: lineStart, complete: false }];
  }
}
