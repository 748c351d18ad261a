// Where there is no /proc (macOS, the BSDs), program names come from lsof. Its output is
// parsed the same on every OS; on this machine, a real lsof names a real client.

import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { lsofPrograms, parseLsof } from '../server/echo/program-names-lsof.ts';

const OUTPUT = `p100
cnc
n127.0.0.1:51234->127.0.0.1:8000
p200
cnode
n127.0.0.1:8000->127.0.0.1:51234
n127.0.0.1:8000->127.0.0.1:51300
p300
cpy\\x1b[31mthon
n127.0.0.1:51300->127.0.0.1:8000
`;

describe('lsof -F pcn', () => {
  it('names the process on the client end of each port, never the server itself', () => {
    const names = parseLsof(OUTPUT, new Set([51234, 51300, 9999]), 200);
    expect(names.get(51234)).toBe('nc');
    // lsof's own escape of a control character stays visible text.
    expect(names.get(51300)).toBe('py\\\\x1b[31mthon');
    expect(names.has(9999)).toBe(false);
    // Our own process holds the server's end: its lines never name a client.
    expect(parseLsof(OUTPUT, new Set([8000]), 200).size).toBe(0);
  });
});

describe('lsof on this machine', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it('names a client program by its port', async (ctx) => {
    if (spawnSync('lsof', ['-v']).error) {
      console.warn('SKIPPED: lsof is not installed here');
      ctx.skip();
      return;
    }
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => server.close());
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const { port } = server.address() as net.AddressInfo;
    const child = spawn(
      process.execPath,
      ['-e', `require('net').connect(${port}, '127.0.0.1'); setInterval(() => {}, 1000)`],
      { stdio: 'ignore' },
    );
    cleanup.push(() => child.kill('SIGKILL'));
    const socket = await accepted;
    cleanup.push(() => socket.destroy());
    const clientPort = socket.remotePort!;
    const names = await lsofPrograms(new Set([clientPort]));
    expect(names?.get(clientPort)).toBe('node');
  });
});
