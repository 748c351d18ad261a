import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TCP_BRIDGE_PATH } from '../shared/protocol.ts';
import { Bots, type Pause } from './bots/bots.ts';
import { ByteBridge } from './byte-bridge/byte-bridge.ts';
import { EventHub } from './hub/hub.ts';
import { PageKeys } from './viewers/page-keys.ts';
import { attachViewers } from './viewers/viewers.ts';
import { canNamePrograms } from './echo/program-names-lsof.ts';
import { createHttpApp } from './http/http-app.ts';
import { studentHosts as findStudentHosts } from './join/addresses.ts';
import { joinRoute } from './join/join-route.ts';
import { ROOT } from './http/page-build.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import type { Options } from './options.ts';
import { startRecording } from './recording/recording.ts';
import { isLoopbackHost } from './security/loopback.ts';
import { createOriginPolicy } from './security/origin.ts';
import { TeacherGate } from './security/teacher.ts';
import type { ShownServer } from './shown/shown-server.ts';
import { startShownServer } from './shown/start.ts';

export interface Addresses {
  host: string;
  echoPort: number;
  webPort: number;
  /** Set in --lan mode: the token that makes a page the teacher's. */
  teacherToken: string | null;
  /** In classroom mode: the hosts students type to reach us, likeliest first. */
  studentHosts?: readonly string[];
  /** The file this run is saved in, as it goes; null when it is not saved. */
  recording?: string | null;
  /** The student's program shown instead of Echo Lab's own server (--run). */
  program?: readonly string[];
}

export interface Application {
  /** The server shown: Echo Lab's own echo server, or a student's program it traces. */
  echo: ShownServer;
  hub: EventHub;
  addresses: Addresses;
  close(): Promise<void>;
}

export type AppOptions = Omit<
  Options,
  'help' | 'version' | 'dev' | 'lan' | 'token' | 'limits' | 'run' | 'recording'
> &
  Partial<Pick<Options, 'dev' | 'lan' | 'token' | 'run' | 'recording'>> & {
    limits?: Partial<Limits>;
    /** Name raw clients after their program; on by default, off where a test wants exact events. */
    namePrograms?: boolean;
    /** Runs the echo server on this thread instead of its own (tests where a thread adds nothing). */
    inProcess?: boolean;
    /** How bots wait between messages; tests pass a clock they step instead of a timer. */
    botPause?: Pause;
  };

/** A listen() that failed, with the flag whose port it was, so the CLI can name it. */
export interface ListenError extends NodeJS.ErrnoException {
  flag?: string;
  wanted?: number;
}

function blame(err: unknown, flag: string, wanted: number): unknown {
  if (err instanceof Error) Object.assign(err, { flag, wanted });
  return err;
}

function listen(http: HttpServer, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen({ host, port }, () => {
      http.off('error', reject);
      resolve(http.address() as AddressInfo);
    });
  });
}

/**
 * Starts Echo Lab: the echo server, the event hub, and the page with its two WebSocket
 * endpoints on one HTTP server. Port 0 picks free ports, which is how the tests run it.
 * `echo` is the server to show, if the caller started it early (it owns it from then).
 */
export async function createApplication(
  options: AppOptions,
  echo: ShownServer = startShownServer(options),
): Promise<Application> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let webPort = options.webPort;
  const hub = new EventHub(echo.events, () => webPort);
  // Before the echo server listens, so the saved run starts with its first event.
  const recording = await startRecording(hub, options.recording);
  // Any address other machines can reach gets classroom rules, --lan or not.
  const classroom = (options.lan ?? false) || !isLoopbackHost(options.host);
  const policy = createOriginPolicy(classroom, options.host);
  const teacher = new TeacherGate(classroom, options.token);
  const studentHosts = classroom ? await findStudentHosts(options.host) : undefined;
  let tcpPort = options.port;
  const http = createServer();
  const dev = options.dev ? await startVite(http) : undefined;
  const join = studentHosts
    ? joinRoute({ hosts: studentHosts, webPort: () => webPort, echoPort: () => tcpPort })
    : undefined;
  const sessions = { ...recording, teacher };
  http.on(
    'request',
    createHttpApp({ echo, hub, policy, sessions, devMiddleware: dev?.middlewares, join }),
  );
  const bots = new Bots(echo, options.botPause);
  const pages = new PageKeys();
  const viewers = attachViewers(http, {
    hub,
    echo,
    bots,
    policy,
    teacher,
    limits,
    pages,
    studentHosts,
    programNamesUnavailable: options.namePrograms !== false && !canNamePrograms(),
  });
  join?.countPages(viewers);
  const bridge = new ByteBridge(echo, policy, limits, pages);
  http.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === TCP_BRIDGE_PATH) bridge.handleUpgrade(req, socket, head);
    // socket.io and Vite's hot reload answer their own paths; nobody else may upgrade.
    else if (!path.startsWith('/socket.io/') && !dev) socket.destroy();
  });

  const tcp = await echo.listen().catch(async (err: unknown) => {
    await echo.close().catch(() => undefined);
    await recording.discard();
    throw blame(err, '--port', options.port);
  });
  tcpPort = tcp.port;
  try {
    webPort = (await listen(http, options.host, options.webPort)).port;
  } catch (err) {
    await echo.close();
    await recording.discard();
    throw blame(err, '--web-port', options.webPort);
  }

  return {
    echo,
    hub,
    addresses: {
      host: options.host,
      echoPort: tcp.port,
      webPort,
      teacherToken: teacher.required ? teacher.token : null,
      studentHosts,
      recording: recording.file,
      ...(options.run ? { program: options.run.command } : {}),
    },
    async close() {
      bots.stop();
      bridge.close();
      await echo.close();
      hub.close();
      await recording.close();
      await dev?.close();
      http.closeAllConnections();
      // Closes the HTTP server too.
      await viewers.close();
    },
  };
}

async function startVite(http: HttpServer) {
  const { createServer: createVite } = await import('vite');
  return createVite({
    configFile: path.join(ROOT, 'vite.config.ts'),
    server: { middlewareMode: true, hmr: { server: http } },
    appType: 'spa',
  });
}
