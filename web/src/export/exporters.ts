// What each entry of the export menu saves. All of them cover the whole kept session,
// whatever the timeline shows, and name their files after the moment of the export.
// Unless asked to include it, what the teacher hid is left out of the file's data itself.

import { messages as diagramMessages } from '../diagram/messages.ts';
import { textKit } from '../diagram/text.ts';
import type { Lang } from '../i18n/lang.ts';
import { configBefore } from '../teaching/explain.ts';
import type { LabStore } from '../store/lab-store.ts';
import { diagramSvg, svgToPng } from './diagram-svg.tsx';
import { baseName, download } from './download.ts';
import { buildReplayHtml } from './html-replay.ts';
import { toMermaid } from './mermaid.ts';
import { pageAssets } from './page-assets.ts';
import { exportedRecording } from './redact.ts';
import { toSession } from './session-format.ts';

export const ExportKind = {
  mermaid: 'mermaid',
  svg: 'svg',
  png: 'png',
  json: 'json',
  html: 'html',
} as const;
export type ExportKind = (typeof ExportKind)[keyof typeof ExportKind];

export const EXPORT_KINDS = Object.values(ExportKind);

export async function runExport(
  kind: ExportKind,
  store: LabStore,
  lang: Lang,
  comment: string,
  includeHidden = false,
): Promise<void> {
  const { recording, drawn: events } = exportedRecording(store.recording(), lang, includeHidden);
  const { present } = recording;
  const kit = textKit(lang, diagramMessages[lang]);
  const settingsBefore = configBefore(events, recording.anchor);
  const now = new Date();
  const name = baseName(now);
  switch (kind) {
    case ExportKind.mermaid:
      return download(toMermaid(events, present, { kit, comment, settingsBefore }), `${name}.mmd`);
    case ExportKind.svg:
      return download(
        diagramSvg(events, present, kit, settingsBefore),
        `${name}.svg`,
        'image/svg+xml',
      );
    case ExportKind.png:
      return download(
        await svgToPng(diagramSvg(events, present, kit, settingsBefore)),
        `${name}.png`,
      );
    case ExportKind.json:
      return download(
        JSON.stringify(toSession(recording, now)),
        `${name}.json`,
        'application/json',
      );
    case ExportKind.html: {
      const { js, css } = await pageAssets();
      const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href;
      const html = buildReplayHtml({
        js,
        css,
        session: toSession(recording, now),
        lang,
        title: `Echo Lab · ${name}`,
        icon,
      });
      return download(html, `${name}.html`, 'text/html');
    }
  }
}
