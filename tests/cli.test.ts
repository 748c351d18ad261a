import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './support/app.ts';
import { bundled } from './support/server-bundle.ts';
import { RawClient, startEcho } from './support/tcp.ts';

/** Runs a bundled entry point with plain Node, feeding it `input`; resolves when it exits. */
function run(entry: string, args: string[], input = '', ms = 15_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit; stdout: ${stdout}`));
    }, ms);
    // 'close', not 'exit': the process may exit before its output is all read.
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

let echo: Awaited<ReturnType<typeof startEcho>> | undefined;
afterEach(async () => {
  await echo?.server.close();
  echo = undefined;
});

describe('echo-lab flags', () => {
  it.concurrent.for([
    [['--port', 'abc'], /--port takes a whole number from 0 to 65535/],
    [['--port', '70000'], /--port takes a whole number/],
    [['--mode', 'threaded'], /--mode takes "iterative" or "concurrent"/],
    [['--backlog', '0'], /--backlog takes a whole number from 1/],
    [['--recv-size', '-3'], /--recv-size/],
    [['--disconnect-word', ''], /--disconnect-word needs a word/],
    [['--colour'], /Unknown option '--colour'/],
    [['extra'], /Unexpected argument 'extra'/],
    [['--port', '-1'], /--port takes a whole number from 0 to 65535, not "-1"/],
    [['--host', '--lan'], /--host needs a value/],
    [['--host', 'no-such-host.invalid'], /--host "no-such-host.invalid" is not an address/],
    [['--run', 'no-such-program servidor.py'], /--run: "no-such-program" is not a program found/],
    [['--run', 'python3 "servidor.py'], /--run: an unclosed " quote/],
    [['--run', '  '], /--run needs a command/],
    [['--run'], /--run needs a value/],
  ] as const)('refuses %j with one line and exit code 2', async ([args, message], { expect }) => {
    // Each its own process, so they run side by side.
    const { code, stderr, stdout } = await run(bundled('main'), [...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('names the flag in one line and exits 1 when a port cannot be listened on', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      for (const [flag, args] of [
        ['--port', ['--port', String(port), '--web-port', '0']],
        ['--web-port', ['--port', '0', '--web-port', String(port)]],
      ] as const) {
        const { code, stderr } = await run(bundled('main'), [...args]);
        expect(code).toBe(1);
        expect(stderr.trim().split('\n')).toHaveLength(1);
        expect(stderr).toContain(`${flag} ${port}: 127.0.0.1:${port} is in use`);
      }
    } finally {
      taken.close();
    }
  });

  it('prints help and exits 0', async () => {
    const { code, stdout } = await run(bundled('main'), ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--recv-size');
  });
});

describe('the command-line client', () => {
  it('talks to the server like the homework client', async () => {
    echo = await startEcho();
    const tooLong = 'x'.repeat(201);
    const input = `hola\n${tooLong}\nñandú 🦜\ndesconectar\nnever sent\n`;
    const { code, stdout } = await run(bundled('client'), ['127.0.0.1', String(echo.port)], input);
    expect(code).toBe(0);
    expect(stdout).toContain('Echo: hola');
    expect(stdout).toContain('Refused: 201 characters; a message can have at most 200.');
    expect(stdout).toContain('Echo: ñandú 🦜');
    expect(stdout).not.toContain('never sent');
    const reads = echo.events.filter((e) => e.type === 'data.read' || e.type === 'client.word');
    expect(reads.map((e) => 'preview' in e && e.preview)).toEqual([
      'hola',
      'ñandú 🦜',
      'desconectar',
    ]);
    const closed = await echo.waitFor((e) => e.type === 'client.closed');
    expect(closed).toMatchObject({ by: 'server', reason: 'word' });
  });

  it('closes cleanly at the end of input (Ctrl-D)', async () => {
    echo = await startEcho();
    const { code, stdout } = await run(
      bundled('client'),
      ['127.0.0.1', String(echo.port)],
      'uno\n',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Socket closed.');
    expect(await echo.waitFor((e) => e.type === 'client.closed')).toMatchObject({ reason: 'fin' });
  });

  it('explains a server that is not there', async () => {
    const { code, stderr } = await run(bundled('client'), ['127.0.0.1', '1']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/nobody is listening on 127.0.0.1:1/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('explains a server that goes away mid-session', async () => {
    echo = await startEcho();
    const server = echo.server;
    echo.server.events.subscribe((e) => {
      if (e.type === 'data.read') void server.close();
    });
    const { code, stderr } = await run(
      bundled('client'),
      ['127.0.0.1', String(echo.port)],
      'hola\nmore\n',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/echo-client: the server/);
  });
});

describe('npm start', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const script = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    }
  ).scripts.start;
  let child: ChildProcess | undefined;
  afterEach(() => {
    // The shell's whole process group: node runs as the shell's child, not in its place.
    if (child?.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    child = undefined;
  });

  it('bundles the server, then serves and echoes from the bundle with plain node', async () => {
    // The script's own command line, as npm runs it: a shell, with node_modules/.bin on PATH.
    const bin = path.join(root, 'node_modules/.bin');
    child = spawn('sh', ['-c', `${script} --port 0 --web-port 0`], {
      cwd: root,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await eventually(
      () => /TCP echo server\s+\S+:\d+/.test(out) || child?.exitCode !== null,
      15_000,
    );
    const port = Number(/TCP echo server\s+\S+:(\d+)/.exec(out)?.[1]);
    expect(port, out).toBeGreaterThan(0);
    const client = await RawClient.connect(port);
    client.send('hola desde el bundle');
    expect((await client.receive(20)).toString()).toBe('hola desde el bundle');
    client.socket.destroy();

    // Bad flags are refused by the bundle as by the source: one line, exit code 2.
    const bundle = await run(path.join(root, 'dist/server/main.js'), ['--port', 'abc']);
    expect(bundle.code).toBe(2);
    expect(bundle.stderr.trim().split('\n')).toHaveLength(1);
  });
});
