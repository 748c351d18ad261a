import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { banner } from '../server/banner.ts';
import { isLoopbackHost } from '../server/security/loopback.ts';
import type { ControlCommand, ControlResult } from '../shared/protocol.ts';
import { closeLaunchedAfterEach } from './support/launched.ts';
import { closeOpenedAfterEach } from './support/opened.ts';
import { connectViewer, pageUrl } from './support/probes.ts';

const { launch } = closeLaunchedAfterEach();
const { track } = closeOpenedAfterEach();

describe('which addresses get classroom rules', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.5.6.7', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['localhost', true],
    ['lab.localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.23', false],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1', false],
    // A name could resolve anywhere, so it is not trusted to be loopback.
    ['teacher-laptop.local', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('prints the one address Echo Lab listens on, with the teacher token, for a --host', () => {
    const text = banner({
      host: '192.168.1.23',
      echoPort: 8000,
      webPort: 3000,
      teacherToken: 'tok-12345678',
    });
    expect(text).toContain('Students          http://192.168.1.23:3000/');
    expect(text).toContain('Teacher (keep it) http://192.168.1.23:3000/?token=tok-12345678');
    expect(text).toContain('nc 192.168.1.23 8000');
  });
});

describe('a --host that is a name, not loopback by rule', () => {
  // The machine's own name usually resolves to loopback (127.0.1.1 on Debian), so the app
  // listens where no other machine reaches it while the host is not loopback by its name.
  it('needs the teacher token for control, without --lan', async (ctx) => {
    const name = hostname();
    const address = await lookup(name, { family: 4 }).catch(() => null);
    if (!address?.address.startsWith('127.')) {
      console.warn(`SKIPPED: ${name} does not resolve to loopback here (${address?.address})`);
      ctx.skip();
      return;
    }
    const app = await launch({ host: name, token: 'teacher-token-456', namePrograms: false });
    expect(app.addresses.teacherToken).toBe('teacher-token-456');
    expect(banner(app.addresses)).toContain('?token=teacher-token-456');

    const control = (
      command: ControlCommand,
      socket: Awaited<ReturnType<typeof connectViewer>>['socket'],
    ) => socket.timeout(3_000).emitWithAck('control', command) as Promise<ControlResult>;
    const student = await connectViewer(pageUrl(app));
    track(student.socket);
    expect(student.snapshot?.role).toBe('viewer');
    expect(await control({ type: 'clear' }, student.socket)).toMatchObject({ ok: false });

    const teacher = await connectViewer(pageUrl(app), { auth: { token: 'teacher-token-456' } });
    track(teacher.socket);
    expect(teacher.snapshot?.role).toBe('teacher');
    expect(await control({ type: 'clear' }, teacher.socket)).toEqual({ ok: true });
  });
});
