import { randomBytes } from 'node:crypto';

/**
 * The keys the server hands each live page (in its snapshot) for the byte bridge's
 * per-page limit. A page cannot pick its own: only a key of a page still connected counts.
 */
export class PageKeys {
  private readonly live = new Set<string>();

  issue(): string {
    const key = randomBytes(16).toString('base64url');
    this.live.add(key);
    return key;
  }

  revoke(key: string): void {
    this.live.delete(key);
  }

  has(key: string): boolean {
    return this.live.has(key);
  }
}
