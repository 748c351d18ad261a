// Controls act on the server as it is now, whatever moment the timeline shows; and only the
// teacher's live page has them (a saved session has no server to command).

import type { LabState } from '../../../shared/lab.ts';
import { useLab } from '../store/use-lab.ts';

export const useTeacher = (): boolean =>
  useLab((v) => v.role === 'teacher' && v.source !== 'replay');

/** A slice of the present lab, past the timeline's cursor. */
export const usePresent = <T>(select: (lab: LabState) => T): T => useLab((v) => select(v.present));
