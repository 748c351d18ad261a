import type { ChildAt } from '../../shared/traced.ts';

/** How long a call must last before the page is told the program sits in it. */
const INSIDE_AFTER_MS = 40;

/** Calls as the homework's code spells them, whatever the system call underneath. */
const CALL_NAMES: Record<string, string> = {
  accept4: 'accept',
  recvfrom: 'recv',
  recvmsg: 'recv',
  recv_into: 'recv',
  sendto: 'send',
  sendmsg: 'send',
};
export const callName = (name: string): string => CALL_NAMES[name] ?? name;

/**
 * Where the program is, told to the page only when it stays there: a call that blocks
 * (accept() with nobody waiting, recv() on a silent client) is told once it has lasted
 * INSIDE_AFTER_MS, and leaving it once no other call follows within as long. A loop of
 * quick calls is thus a few events, not one per call.
 */
export class AtTracker {
  private current: ChildAt = { call: null, fd: null, file: null, line: null, inside: false };
  private told: ChildAt | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly tell: (at: ChildAt) => void) {}

  enter(call: string, fd: number | null, file: string | null, line: number | null): void {
    this.current = { call: callName(call), fd, file, line, inside: true };
    this.schedule();
  }

  leave(call: string, fd: number | null): void {
    if (!this.current.inside || this.current.call !== callName(call) || this.current.fd !== fd) {
      return;
    }
    this.current = { ...this.current, inside: false };
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = this.current;
      const old = this.told;
      if (old && old.call === now.call && old.line === now.line && old.inside === now.inside) {
        return;
      }
      this.told = now;
      this.tell(now);
    }, INSIDE_AFTER_MS);
  }
}
