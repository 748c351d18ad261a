import express, { type RequestHandler } from 'express';
import { isRunName, listRuns } from '../recording/run-files.ts';
import { readRunIndex, readRunPart } from '../recording/run-reader.ts';
import type { RunList, RunStatus } from '../recording/run-api.ts';
import type { TeacherGate } from '../security/teacher.ts';

/** The header the teacher's page sends its token in (never the URL: it would be logged). */
export const TOKEN_HEADER = 'x-echo-lab-token';

export interface SessionsApiOptions {
  /** The folder runs are saved in; null when recording is off. */
  dir: string | null;
  /** The run being written now, if any. */
  current: () => RunStatus | null;
  /** Why nothing is recorded (--no-record, or a folder that could not be made), if so. */
  off: string | null;
  teacher: TeacherGate;
}

/**
 * The saved runs, for the teacher's page to list, replay and export:
 *   GET /api/sessions                     the runs, newest first
 *   GET /api/sessions/:name               one run: its parts, what was dropped, how it ended
 *   GET /api/sessions/:name/parts/:n      part n, as a session file the page opens
 * They hold every student's messages, so in classroom mode only the teacher's page may read them.
 */
export function sessionsApi({ dir, current, off, teacher }: SessionsApiOptions): express.Router {
  const router = express.Router();
  const teacherOnly: RequestHandler = (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (teacher.isTeacher(req.get(TOKEN_HEADER))) next();
    else res.status(403).json({ error: "only the teacher's page can read saved sessions" });
  };
  const named: RequestHandler = (req, res, next) => {
    const name = req.params.name;
    if (dir !== null && typeof name === 'string' && isRunName(name)) next();
    else res.status(404).json({ error: 'no such saved session' });
  };
  const missing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

  router.get('/', teacherOnly, async (_req, res) => {
    const runs = dir === null ? [] : await listRuns(dir);
    const live = current();
    const list: RunList = {
      dir,
      off,
      recording: live,
      runs: runs.map((r) => ({ ...r, live: r.name === live?.name })),
    };
    res.json(list);
  });
  router.get('/:name', teacherOnly, named, async (req, res) => {
    try {
      res.json(await readRunIndex(dir as string, req.params.name as string));
    } catch (err) {
      if (!missing(err)) throw err;
      res.status(404).json({ error: 'no such saved session' });
    }
  });
  router.get('/:name/parts/:n', teacherOnly, named, async (req, res) => {
    const n = Number(req.params.n);
    const name = req.params.name as string;
    const session = Number.isSafeInteger(n)
      ? await readRunPart(dir as string, name, n).catch((err: unknown) => {
          if (missing(err)) return null;
          throw err;
        })
      : null;
    if (!session) {
      res.status(404).json({ error: `no part ${String(req.params.n)} in that session` });
      return;
    }
    const file = `echo-lab-${name.replace(/\.jsonl$/, '')}-part-${n}.json`;
    res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    res.json(session);
  });
  return router;
}
