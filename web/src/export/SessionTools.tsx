// Export and open sessions, at the end of the timeline bar: both are about the recording
// the timeline moves through.

import { ExportMenu } from './ExportMenu.tsx';
import { OpenSession } from './OpenSession.tsx';

export function SessionTools() {
  return (
    <div className="session-tools">
      <ExportMenu />
      <OpenSession />
    </div>
  );
}
