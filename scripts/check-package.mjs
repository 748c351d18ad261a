// Packs Echo Lab as npm would publish it, installs the tarball in an empty folder with
// runtime dependencies only, and checks that `echo-lab` serves the page, /healthz and an
// exact echo, and that `echo-lab client` talks to it. CI runs it after `npm test`; by hand:
// `npm run check:package`. Prints the package's size and the install time.

import { execFileSync, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Tools a teacher's machine must not install to run Echo Lab. */
const BUILD_TOOLS = ['tsx', 'vite', 'esbuild', 'typescript', 'react', 'react-dom', 'vitest'];

const fail = (message) => {
  throw new Error(message);
};
const ok = (message) => process.stdout.write(`  ok  ${message}\n`);
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Every non-TypeScript file under server/traced/ (the tracers --run loads) must ship; bytecode caches need not. */
function expectedAssets() {
  const dir = path.join(ROOT, 'server/traced');
  const exists = statSync(dir, { throwIfNoEntry: false });
  if (!exists) return [];
  return walk(dir)
    .filter((file) => !file.endsWith('.ts') && !file.includes(`${path.sep}__pycache__${path.sep}`))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

function pack(into) {
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', into], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // prepack's own output may come first; npm's JSON is the last thing printed.
  const [info] = JSON.parse(out.startsWith('[') ? out : out.slice(out.lastIndexOf('\n[')));
  const files = info.files.map((f) => f.path);
  for (const needed of ['bin/echo-lab.cjs', 'dist/server/main.js', 'dist/web/index.html']) {
    if (!files.includes(needed)) fail(`the package has no ${needed}`);
  }
  const stray = files.filter((f) => /\.tsx?$/.test(f) || /^(tests|bench|web|shared)\//.test(f));
  if (stray.length > 0) fail(`the package carries sources: ${stray.join(', ')}`);
  const missing = expectedAssets().filter((f) => !files.includes(f));
  if (missing.length > 0) fail(`the package lacks ${missing.join(', ')}`);
  const tools = BUILD_TOOLS.filter((name) => name in (pkg.dependencies ?? {}));
  if (tools.length > 0) fail(`dependencies name build tools: ${tools.join(', ')}`);
  ok(
    `packed ${info.filename}: ${kB(info.size)} packed, ${kB(info.unpackedSize)} unpacked, ${files.length} files`,
  );
  return path.join(into, info.filename);
}

function install(tarball, dir) {
  writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  const started = performance.now();
  execFileSync(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', tarball], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const count = readdirSync(path.join(dir, 'node_modules')).filter((n) => !n.startsWith('.'));
  ok(`installed with --omit=dev in ${seconds} s (${count.length} folders in node_modules)`);
  return path.join(
    dir,
    'node_modules/.bin',
    process.platform === 'win32' ? 'echo-lab.cmd' : 'echo-lab',
  );
}

function run(bin, args, input = '', cwd = undefined) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: 'pipe', cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(
      () => (child.kill('SIGKILL'), reject(new Error(`${args} hung`))),
      15_000,
    );
    child.on('error', reject);
    child.on('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
    child.stdin.end(input);
  });
}

/** Starts echo-lab on free ports; resolves with its ports once the banner names them. */
function start(bin) {
  const child = spawn(bin, ['--port', '0', '--web-port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`echo-lab did not start:\n${out}`)), 20_000);
    const look = (data) => {
      out += data;
      const web = /Page\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      const tcp = /TCP echo server\s+127\.0\.0\.1:(\d+)/.exec(out);
      if (web && tcp) {
        clearTimeout(timer);
        resolve({ child, webPort: Number(web[1]), echoPort: Number(tcp[1]) });
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`echo-lab exited (${code}):\n${out}`)));
  });
}

function echoOnce(port, bytes) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('no echo'))), 10_000);
    socket.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= bytes.length) {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', reject);
  });
}

async function checkServer(bin) {
  const { child, webPort, echoPort } = await start(bin);
  try {
    const base = `http://127.0.0.1:${webPort}`;
    const page = await fetch(`${base}/`);
    const html = await page.text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    if (page.status !== 200 || !script) fail(`the page: HTTP ${page.status}, no script`);
    const js = await fetch(new URL(script, base));
    if (js.status !== 200) fail(`the page's script ${script}: HTTP ${js.status}`);
    ok(`page: index.html and ${script} (${kB((await js.arrayBuffer()).byteLength)})`);
    const health = await (await fetch(`${base}/healthz`)).json();
    if (health.ok !== true) fail(`/healthz said ${JSON.stringify(health)}`);
    ok('/healthz');
    // Not text: an invalid UTF-8 byte, a NUL and a line ending must come back as they went.
    const bytes = Buffer.from([0x68, 0x6f, 0x6c, 0x61, 0xff, 0x00, 0xc3, 0xb1, 0x0d, 0x0a]);
    const echoed = await echoOnce(echoPort, bytes);
    if (!echoed.equals(bytes))
      fail(`echo: sent ${bytes.toString('hex')}, got ${echoed.toString('hex')}`);
    ok(`exact echo of ${bytes.length} bytes`);
    const client = await run(bin, ['client', '127.0.0.1', String(echoPort)], 'hola\ndesconectar\n');
    if (client.code !== 0 || !client.stdout.includes('Echo: hola')) {
      fail(`echo-lab client: exit ${client.code}\n${client.stdout}${client.stderr}`);
    }
    ok('echo-lab client');
  } finally {
    if (child.exitCode === null) {
      if (process.platform === 'win32') child.kill();
      else process.kill(-child.pid, 'SIGKILL');
    }
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'echo-lab-package-'));
try {
  process.stdout.write(`Checking the package of ${pkg.name} ${pkg.version}\n`);
  const tarball = pack(work);
  const bin = install(tarball, work);
  const version = await run(bin, ['--version']);
  if (version.stdout.trim() !== `echo-lab ${pkg.version}`) fail(`--version said ${version.stdout}`);
  ok(`echo-lab --version: ${version.stdout.trim()}`);
  const dev = await run(bin, ['--dev']);
  if (dev.code !== 2 || dev.stderr.trim().split('\n').length !== 1) {
    fail(`echo-lab --dev should refuse in one line, exit 2: ${dev.code} ${dev.stderr}`);
  }
  ok('echo-lab --dev refused in one line');
  await checkServer(bin);
  // What a teacher types with only the tarball at hand, from a folder with no echo-lab.
  const elsewhere = path.join(work, 'npx');
  mkdirSync(elsewhere);
  const npxBin = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const args = ['--yes', '--package', tarball, 'echo-lab', '--version'];
  const npx = await run(npxBin, args, '', elsewhere);
  if (npx.stdout.trim() !== `echo-lab ${pkg.version}`) fail(`npx said ${npx.stdout}${npx.stderr}`);
  ok(`npx ${path.basename(tarball)} --version`);
  process.stdout.write('The package works.\n');
} catch (err) {
  process.stderr.write(`check-package: ${err.message}\n`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
