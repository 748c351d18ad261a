// The settings the teacher picks from with one click in front of the class. Each lies within
// the bounds the server checks (shared/schema/bounds.ts), the ends being those bounds.

import { SETTING_BOUNDS } from '../../../shared/schema/bounds.ts';

const { backlog, recvSize } = SETTING_BOUNDS;

export const BACKLOGS = [backlog.min, 2, 3, 5, 10, 20, 50, backlog.max] as const;

/** recv(16) makes a message split into reads plainly visible. */
export const RECV_SIZES = [recvSize.min, 4, 16, 64, 256, 1024, 4096, recvSize.max] as const;

/** Slow-motion choices, in milliseconds before each action of the loop. */
export const DELAYS = [0, 250, 500, 1000, 2000] as const;
