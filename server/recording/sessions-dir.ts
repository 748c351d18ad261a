import os from 'node:os';
import path from 'node:path';

/** Where a run's file is kept unless --sessions-dir says otherwise, by platform convention. */
export function defaultSessionsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, 'echo-lab', 'sessions');
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', 'echo-lab', 'sessions');
  }
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const state = env.XDG_STATE_HOME;
  const base =
    state && path.posix.isAbsolute(state) ? state : path.posix.join(home, '.local', 'state');
  return path.posix.join(base, 'echo-lab', 'sessions');
}
