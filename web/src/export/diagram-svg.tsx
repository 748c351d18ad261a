// The whole kept session as one standalone SVG: every row, not only those on screen. It is
// drawn by the page's own diagram components (so it looks exactly like the page, in the
// page's theme) into a hidden box, then each element's computed style is written into a
// style attribute, so the file needs no stylesheet to look right anywhere.

import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { LabState } from '../../../shared/lab.ts';
import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import { ArrowRows } from '../diagram/ArrowRows.tsx';
import { buildRows } from '../diagram/build-rows.ts';
import { clientLabeler } from '../diagram/lanes.ts';
import { layoutDiagram, totalHeight } from '../diagram/layout.ts';
import { HEAD_HEIGHT, LaneHeaders, Lifelines } from '../diagram/Lifelines.tsx';
import { shownAddress } from '../join/classroom.ts';
import type { TextKit } from '../diagram/text.ts';

/** Wide enough for a handful of lanes at their comfortable width. */
const WIDTH = 1280;

/** What decides how an SVG element looks; everything else is layout the file already has. */
const STYLED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linejoin',
  'stroke-linecap',
  'paint-order',
  'font-family',
  'font-size',
  'font-weight',
  'text-decoration',
  'opacity',
] as const;

function ExportDiagram({
  events,
  lab,
  kit,
  settingsBefore,
}: {
  events: readonly LabEvent[];
  lab: LabState;
  kit: TextKit;
  settingsBefore: EchoConfig | null;
}) {
  const rows = buildRows(events, undefined, settingsBefore);
  const labelOf = clientLabeler(rows, lab);
  const rowsHeight = totalHeight(rows.length);
  const diagram = layoutDiagram(
    rows,
    lab,
    { scrollTop: 0, scrollLeft: 0, height: rowsHeight, width: WIDTH },
    { overscan: 0 },
  );
  const config = lab.config;
  const lastLane = diagram.lanes[diagram.lanes.length - 1]?.x ?? 0;
  const right = Math.max(lastLane + diagram.laneWidth / 2, WIDTH) - 8;
  const width = diagram.width;
  const height = HEAD_HEIGHT + rowsHeight;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={kit.m.name}
    >
      <rect width={width} height={height} style={{ fill: 'var(--sd-bg)' }} />
      <rect width={width} height={HEAD_HEIGHT} style={{ fill: 'var(--sd-head-bg)' }} />
      <LaneHeaders
        diagram={diagram}
        kit={kit}
        serverCaption={config ? shownAddress(config.host, config.port) : ''}
      />
      <g transform={`translate(0 ${HEAD_HEIGHT})`}>
        <Lifelines diagram={diagram} />
        <ArrowRows
          diagram={diagram}
          kit={kit}
          labelOf={labelOf}
          freshSince={Infinity}
          right={right}
        />
      </g>
    </svg>
  );
}

/**
 * Writes each element's look into its style attribute, then drops the classes. Two passes:
 * a group's class defines variables its children's colours read, so no class may go before
 * every style has been read.
 */
function inlineStyles(svg: SVGSVGElement): void {
  const elements = [svg, ...svg.querySelectorAll<SVGElement>('*')].filter(
    (el) => el.tagName !== 'title',
  );
  const styles = elements.map((el) => {
    const computed = getComputedStyle(el);
    return STYLED.map((name) => `${name}:${computed.getPropertyValue(name)}`).join(';');
  });
  elements.forEach((el, i) => {
    el.setAttribute('style', styles[i] ?? '');
    el.removeAttribute('class');
  });
}

/** The session's diagram as the text of an .svg file. */
export function diagramSvg(
  events: readonly LabEvent[],
  lab: LabState,
  kit: TextKit,
  settingsBefore: EchoConfig | null = null,
): string {
  const host = document.createElement('div');
  host.className = 'sd';
  host.setAttribute('aria-hidden', 'true');
  // Laid out and styled like the page's diagram, but out of sight and out of the way.
  host.style.cssText = 'position:fixed;left:-100000px;top:0;visibility:hidden;';
  document.body.append(host);
  const root = createRoot(host);
  try {
    flushSync(() =>
      root.render(
        <ExportDiagram events={events} lab={lab} kit={kit} settingsBefore={settingsBefore} />,
      ),
    );
    const svg = host.querySelector('svg');
    if (!svg) throw new Error('the diagram did not render');
    inlineStyles(svg);
    const text = new XMLSerializer().serializeToString(svg);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`;
  } finally {
    root.unmount();
    host.remove();
  }
}

/** The SVG drawn on a canvas, as PNG bytes; scaled down where a canvas could not hold it. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const { width, height } = image;
    // Browsers cap a canvas side near 32k pixels and its area near 256M.
    const fit = Math.min(
      scale,
      32_000 / Math.max(width, height),
      Math.sqrt(200e6 / (width * height)),
    );
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(width * fit));
    canvas.height = Math.max(1, Math.floor(height * fit));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.scale(fit, fit);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
