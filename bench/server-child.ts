// One server under test, alone in its process: `bare` is the plainest node:net echo
// server (the baseline), `lab <mode>` is Echo Lab set up as `npm start` sets it up (its web
// side yielding the CPU to its echo thread), on free ports. Both run from source through
// tsx, where npm start runs a bundle of the same sources: by hand, at 1 connection, the
// two measured alike against bare (0.96 and 0.96-0.98).
// The parent asks it for CPU time and memory over IPC, so figures are the server's own.

import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import { ThreadProfiler, threadFile } from './thread-profiler.ts';
import { createApplication } from '../server/app.ts';
import { yieldToEchoThread } from '../server/echo-thread/priority.ts';
import { DEFAULT_LIMITS } from '../server/limits.ts';
import { parseOptions } from '../server/options.ts';
import {
  failStart,
  serveRequests,
  ServerKind,
  type ServerJob,
  type ServerReady,
  type ServerSample,
} from './ipc.ts';

const [kind = ServerKind.bare, mode = 'concurrent', ...labFlags] = process.argv.slice(2);
let events = 0;
let echoes = 0;

async function startBare(): Promise<ServerReady> {
  // Same socket options as Echo Lab's listener, so only the work per read differs.
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('data', (chunk) => {
      socket.write(chunk);
      echoes++;
    });
    // A client that resets mid-run is normal at the end of a round.
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return { echoPort: (server.address() as net.AddressInfo).port, webPort: 0 };
}

async function startLab(): Promise<ServerReady> {
  // Through the CLI's own parser, so the app gets exactly the defaults `npm start` uses,
  // but for the viewers per address: every bench viewer comes from loopback.
  const options = parseOptions([
    ...['--port', '0', '--web-port', '0', '--mode', mode],
    ...['--max-viewers-per-address', String(DEFAULT_LIMITS.maxViewers)],
    ...labFlags,
  ]);
  const app = await createApplication(options);
  yieldToEchoThread();
  app.echo.events.subscribe((event) => {
    events++;
    // Past its event budget the server sums echoes into bursts; count those exactly too.
    if (event.type === 'data.echoed') echoes++;
    else if (event.type === 'data.burst') echoes += event.echoes;
  });
  return { echoPort: app.addresses.echoPort, webPort: app.addresses.webPort };
}

function sample(gc: boolean): ServerSample {
  // With --expose-gc: a full collection first, so RSS and heap show what is really kept.
  if (gc) (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuUs: cpu.user + cpu.system,
    sysUs: cpu.system,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    events,
    echoes,
  };
}

/** The in-process profiler: unlike --cpu-prof it covers only the window asked for. */
let profiler: ThreadProfiler | null = null;

/** `stop` writes the main thread's profile to `file`, each worker's beside it (.thread-N). */
async function profile(job: Extract<ServerJob, { type: 'profile' }>): Promise<object> {
  if (job.action === 'start') {
    profiler = new ThreadProfiler();
    await profiler.start();
    return {};
  }
  const profiles = (await profiler?.stop()) ?? [];
  profiler = null;
  await Promise.all(
    profiles.map((p, i) =>
      writeFile(i === 0 ? job.file : threadFile(job.file, i), JSON.stringify(p)),
    ),
  );
  return { threads: profiles.length };
}

try {
  const ready = kind === ServerKind.lab ? await startLab() : await startBare();
  serveRequests<ServerJob>(ready, async (job) =>
    job.type === 'sample' ? sample(job.gc) : profile(job),
  );
} catch (err) {
  failStart(err);
}
