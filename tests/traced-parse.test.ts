// The pure parts of --run: the command's words, strace's lines, the kernel's table.

import { describe, expect, it } from 'vitest';
import { splitCommand } from '../server/traced/command-line.ts';
import { parseTcpTable, TcpState } from '../server/kernel/tcp-table.ts';
import { quotedBytes, socketEnds, StraceLines, type Call } from '../server/traced/strace-lines.ts';

describe('splitCommand', () => {
  it.each([
    ['python3 servidor.py', ['python3', 'servidor.py']],
    ['  python3   "mi servidor.py"  8000 ', ['python3', 'mi servidor.py', '8000']],
    ["java -cp '.' Servidor", ['java', '-cp', '.', 'Servidor']],
    ['./a\\ b "x\\"y" $HOME', ['./a b', 'x"y', '$HOME']],
    ['""', ['']],
  ])('splits %j like a shell, running none', (text, words) => {
    expect(splitCommand(text)).toEqual(words);
  });

  it('refuses an unclosed quote', () => {
    expect(() => splitCommand("python3 'x.py")).toThrow(/unclosed ' quote/);
  });
});

describe('StraceLines', () => {
  const read = (text: string): Call[] => {
    const calls: Call[] = [];
    const lines = new StraceLines((c) => calls.push(c));
    lines.feed(text);
    return calls;
  };

  it('reads a finished call, its socket ends and its bytes', () => {
    const [call] = read(
      '9293  recvfrom(4<TCP:[127.0.0.1:8766->127.0.0.1:49850]>, "\\x68\\x6f\\x6c\\x61", 1024, 0, NULL, NULL) = 4\n',
    );
    expect(call).toMatchObject({ pid: 9293, name: 'recvfrom', fd: 4, result: '4' });
    expect(socketEnds(call?.socket ?? null)).toEqual({
      local: { address: '127.0.0.1', port: 8766 },
      peer: { address: '127.0.0.1', port: 49850 },
    });
    expect(quotedBytes(call?.args ?? '')).toEqual({ bytes: Buffer.from('hola'), cut: false });
  });

  it('tells a call that has begun and not returned: the program is blocked in it', () => {
    const calls = read('12 accept4(3<TCP:[127.0.0.1:8000]>, ');
    expect(calls).toEqual([expect.objectContaining({ name: 'accept4', fd: 3, result: null })]);
  });

  it('joins an unfinished call to its resumption across other processes', () => {
    const calls = read(
      [
        '7 recvfrom(5<TCP:[[::1]:8000->[::1]:4000]>,  <unfinished ...>',
        '8 close(9<TCP:[1.2.3.4:1->5.6.7.8:2]>) = 0',
        '7 <... recvfrom resumed>"\\x61"..., 1024, 0, NULL, NULL) = 1',
        '',
      ].join('\n'),
    );
    expect(calls.map((c) => [c.pid, c.name, c.result])).toEqual([
      [7, 'recvfrom', null],
      [8, 'close', '0'],
      [7, 'recvfrom', '1'],
    ]);
    expect(socketEnds(calls[2]?.socket ?? null)?.peer).toEqual({ address: '::1', port: 4000 });
    expect(quotedBytes(calls[2]?.args ?? '')?.cut).toBe(true);
  });
});

describe('parseTcpTable', () => {
  it('reads listeners, queued connections (no inode yet) and IPv4-mapped IPv6 peers', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F40 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 55215 1 0 100 0 0 10 0',
      '   1: 0100007F:1F40 0100007F:C822 01 00000000:0000000B 00:00000000 00000000     0        0 0 1 0 20 4 30 10 -1',
    ].join('\n');
    expect(parseTcpTable(text)).toEqual([
      expect.objectContaining({
        localPort: 8000,
        state: TcpState.listen,
        rxQueue: 3,
        inode: 55215,
      }),
      expect.objectContaining({
        localAddress: '127.0.0.1',
        remoteAddress: '127.0.0.1',
        remotePort: 0xc822,
        state: TcpState.established,
        rxQueue: 11,
        inode: 0,
      }),
    ]);
    const v6 =
      '   0: 00000000000000000000000001000000:1F40 0000000000000000FFFF00000100007F:C822 01 00000000:00000000 00:00000000 00000000     0        0 0 1';
    expect(parseTcpTable(v6)[0]).toMatchObject({ localAddress: '::1', remoteAddress: '127.0.0.1' });
  });

  /** An IPv6 address as /proc spells it: each 32-bit word of its bytes, little-endian. */
  const procHex = (groups: number[]): string => {
    const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
    let hex = '';
    for (let i = 0; i < 16; i += 4) {
      for (let j = 3; j >= 0; j--) hex += bytes[i + j]!.toString(16).padStart(2, '0');
    }
    return hex.toUpperCase();
  };
  const row = (local: number[], state: string): string =>
    `   0: ${procHex(local)}:1F40 ${procHex([0, 0, 0, 0, 0, 0, 0, 0])}:0000 ${state} 00000000:00000000 00:00000000 00000000     0        0 0 1`;

  it('writes IPv6 addresses as Node does (RFC 5952), to compare them with sockets', () => {
    const cases = [
      [0xfe80, 0, 0, 0, 0, 0, 0, 1],
      [1, 0, 0, 1, 0, 0, 0, 1],
      [0x2001, 0xdb8, 0, 0, 1, 0, 0, 1],
      [0x2001, 0xdb8, 0, 1, 1, 1, 1, 1],
      [0, 0, 0, 0, 0, 0, 0, 0],
      [1, 2, 3, 4, 5, 6, 7, 8],
    ];
    for (const groups of cases) {
      const spelt = groups.map((g) => g.toString(16)).join(':');
      // The WHATWG URL serializer follows RFC 5952 too; it stands for what Node reports.
      const node = new URL(`http://[${spelt}]`).hostname.slice(1, -1);
      expect(parseTcpTable(row(groups, '01'))[0]?.localAddress).toBe(node);
    }
  });

  it('reads only the states asked for, skipping the rest before decoding them', () => {
    const text = [row([0, 0, 0, 0, 0, 0, 0, 1], '0A'), row([0, 0, 0, 0, 0, 0, 0, 2], '06')].join(
      '\n',
    );
    expect(parseTcpTable(text).map((r) => r.state)).toEqual([TcpState.listen, 0x06]);
    expect(parseTcpTable(text, TcpState.listen, TcpState.established)).toEqual([
      expect.objectContaining({ localAddress: '::1', state: TcpState.listen }),
    ]);
  });
});
