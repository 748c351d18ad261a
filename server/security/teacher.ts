import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may drive the lab. On loopback the person at the keyboard is the teacher; on a
 * classroom network (--lan) only a page that carries the token printed at start-up is.
 */
export class TeacherGate {
  readonly token: string;

  constructor(
    readonly required: boolean,
    token?: string,
  ) {
    this.token = token ?? randomBytes(12).toString('base64url');
  }

  isTeacher(offered: unknown): boolean {
    if (!this.required) return true;
    if (typeof offered !== 'string') return false;
    const a = Buffer.from(offered);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
