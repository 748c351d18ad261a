import { execFile, spawnSync } from 'node:child_process';
import { visibleText } from '../../shared/bytes.ts';

/** lsof can take a while on a busy Mac; a slow answer only means no names this time. */
const LSOF_TIMEOUT_MS = 3_000;

/**
 * `lsof -F pcn` output: a "p<pid>" line starts each process, "c<command>" names it, and
 * each of its sockets is an "n<local>-><remote>" line. Returns local port → command for
 * the ports asked about, leaving out `ownPid` (it holds the server's ends).
 */
export function parseLsof(output: string, ports: ReadonlySet<number>, ownPid: number) {
  const found = new Map<number, string>();
  let pid = 0;
  let command = '';
  for (const line of output.split('\n')) {
    const field = line[0];
    const value = line.slice(1);
    if (field === 'p') [pid, command] = [Number(value), ''];
    else if (field === 'c') command = value;
    else if (field === 'n' && pid !== ownPid && command) {
      const port = Number(/:(\d+)->/.exec(value)?.[1]);
      // lsof escapes what it cannot print (\xNN); the name is escaped again like any bytes.
      if (ports.has(port) && !found.has(port)) {
        found.set(port, visibleText(Buffer.from(command)).trim());
      }
    }
  }
  return found;
}

/**
 * Where there is no /proc (macOS, the BSDs), lsof tells which program owns a loopback
 * client's port: one call for every port asked about. Resolves null if lsof is missing,
 * so the caller can stop asking.
 */
export function lsofPrograms(ports: ReadonlySet<number>): Promise<Map<number, string> | null> {
  const list = [...ports].join(',');
  const args = ['-nP', '-a', `-iTCP:${list}`, '-sTCP:ESTABLISHED', '-Fpcn'];
  return new Promise((resolve) => {
    execFile('lsof', args, { timeout: LSOF_TIMEOUT_MS }, (err, stdout) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') resolve(null);
      // lsof exits with 1 when it finds nothing, which is an answer too.
      else resolve(parseLsof(String(stdout), ports, process.pid));
    });
  });
}

/**
 * Whether this OS lets Echo Lab name a raw client's program at all: /proc on Linux, lsof
 * elsewhere if installed, nothing on Windows. Asked once at start-up, so the page can say so.
 */
export function canNamePrograms(): boolean {
  if (process.platform === 'linux') return true;
  if (process.platform === 'win32') return false;
  return spawnSync('lsof', ['-v'], { stdio: 'ignore', timeout: 2_000 }).error === undefined;
}
