// Export and open sessions, and the lessons the server saved, at the end of the timeline
// bar: all are about the recording the timeline moves through.

import { ExportMenu } from './ExportMenu.tsx';
import { OpenSession } from './OpenSession.tsx';
import { SavedRuns } from './SavedRuns.tsx';

export function SessionTools() {
  return (
    <div className="session-tools">
      <ExportMenu />
      <OpenSession />
      <SavedRuns />
    </div>
  );
}
