// The live sequence diagram: lifelines for the server and its clients, one arrow per event
// (bursts folded), newest at the bottom. Only the rows on screen are in the DOM.

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { LabState } from '../../../shared/lab.ts';
import type { LabEvent } from '../../../shared/protocol.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { shownAddress } from '../join/classroom.ts';
import { useConfigBefore } from '../teaching/use-explanations.ts';
import { ArrowRows } from './ArrowRows.tsx';
import type { AggregateOptions } from './build-rows.ts';
import { createDiagramCache } from './diagram-model.ts';
import { GEOMETRY, layoutRows, totalHeight } from './layout.ts';
import { HEAD_HEIGHT, LaneHeaders, Lifelines, type HeaderType } from './Lifelines.tsx';
import { useYourIds, youMessages } from '../clients/yours.ts';
import { messages } from './messages.ts';
import type { Row } from './rows.ts';
import { useProjector } from './use-diagram-context.ts';
import { useModeration } from '../moderation/use-moderation.ts';
import { fill } from '../i18n/format.ts';
import { rowTitle, textKit } from './text.ts';
import { useLiveScroll } from './use-live-scroll.ts';
import './diagram.css';
import './arrows.css';

export interface SequenceDiagramProps {
  events: readonly LabEvent[];
  lab: LabState;
  /** Client columns before the rest share a "+N" column. */
  maxClients?: number;
  /** How bursts are folded into summary rows; keep it stable (rows rebuild when it changes). */
  aggregate?: AggregateOptions;
  className?: string;
  /** Why an event happened, for its arrow's title (the teaching layer knows). */
  explain?: (seq: number) => string | undefined;
}

/** Projector mode sets the diagram's text in 17 px (styles/projector.css): wider letters. */
const PROJECTOR_CHAR_WIDTH = 10.4;
/** And lane headers' names in 17 px, their captions in 15 px. */
const PROJECTOR_HEADER_TYPE: HeaderType = { name: 10.3, caption: 9.1 };

/** Arrows the screen-reader summary repeats, and how often it may change. */
const SUMMARY_ROWS = 3;
const SUMMARY_EVERY_MS = 2000;

/** The last seq seen by the previous render with different events: newer rows animate in. */
function useFreshSince(lastSeq: number): number {
  const [seen, setSeen] = useState({ last: lastSeq, since: lastSeq });
  if (seen.last !== lastSeq) {
    // Storing what the previous render saw, the way React documents for derived state.
    setSeen({ last: lastSeq, since: Math.min(seen.last, lastSeq) });
  }
  return seen.since;
}

/** `value`, changed at most once per `ms`, so a screen reader is not flooded. */
function useThrottled(value: string, ms: number, urgent: unknown): string {
  const [shown, setShown] = useState(value);
  const lastChange = useRef(0);
  const lastUrgent = useRef(urgent);
  useEffect(() => {
    // A change of `urgent` (the teacher hid a name or a message) shows at once: hidden
    // text must not linger for a screen reader, nor in the page's text, for two seconds.
    const now = !Object.is(lastUrgent.current, urgent);
    lastUrgent.current = urgent;
    const wait = now ? 0 : Math.max(0, lastChange.current + ms - performance.now());
    const timer = setTimeout(() => {
      lastChange.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms, urgent]);
  return shown;
}

export function SequenceDiagram({
  events,
  lab,
  maxClients,
  aggregate,
  className,
  explain,
}: SequenceDiagramProps) {
  const lang = useLang();
  const m = useMessages(messages);
  const kit = textKit(lang, m);
  const summaryId = useId();
  const yourIds = useYourIds(lab);
  const youWord = useMessages(youMessages).you;
  const yours = useMemo(() => ({ ids: yourIds, word: youWord }), [yourIds, youWord]);

  const before = useConfigBefore(events);
  // Extended batch by batch; built again only when the window itself changes.
  const cache = useMemo(() => createDiagramCache(aggregate), [aggregate]);
  const moderation = useModeration();
  const version = useMemo(() => [moderation, lang], [moderation, lang]);
  const model = useMemo(
    () => cache.sync(events, lab, version, before),
    [cache, events, lab, version, before],
  );
  const { rows, labelOf } = model;
  const { ref, viewport, live, onScroll, jumpToLive } = useLiveScroll(
    totalHeight(rows.length),
    HEAD_HEIGHT,
  );
  const projector = useProjector();
  const charWidth = projector ? PROJECTOR_CHAR_WIDTH : GEOMETRY.charWidth;
  const diagram = useMemo(
    () => layoutRows(rows, model, lab, viewport, { maxClients, charWidth }),
    [rows, model, lab, viewport, maxClients, charWidth],
  );
  const freshSince = useFreshSince(events[events.length - 1]?.seq ?? 0);

  const config = lab.config;
  const serverCaption = config ? shownAddress(config.host, config.port) : '';
  const lastLane = diagram.lanes[diagram.lanes.length - 1]?.x ?? 0;
  // Notes span every lane, and at least what is in sight, so their text has room.
  const right = Math.max(lastLane + diagram.laneWidth / 2, viewport.width) - 8;
  const anyClient = model.tracks.size > 0;

  const latest = rows.slice(-SUMMARY_ROWS).map((row: Row) => rowTitle(row, kit, labelOf));
  const summary = useThrottled(
    latest.length > 0 ? fill(m.latest, { list: latest.join('; ') }) : m.nothing,
    SUMMARY_EVERY_MS,
    moderation,
  );

  return (
    <div className={className ? `sd ${className}` : 'sd'}>
      <div
        ref={ref}
        className="sd-scroll"
        role="img"
        aria-label={m.name}
        aria-describedby={summaryId}
        tabIndex={0}
        onScroll={onScroll}
      >
        <LaneHeaders
          diagram={diagram}
          kit={kit}
          serverCaption={serverCaption}
          yours={yours}
          {...(projector ? { type: PROJECTOR_HEADER_TYPE } : {})}
        />
        <svg className="sd-body" width={diagram.width} height={diagram.height}>
          <Lifelines diagram={diagram} />
          <ArrowRows
            diagram={diagram}
            kit={kit}
            labelOf={labelOf}
            freshSince={freshSince}
            right={right}
            explain={explain}
          />
        </svg>
        {!anyClient && <p className="sd-empty">{m.empty}</p>}
      </div>
      {!live && (
        <button type="button" className="sd-jump" onClick={jumpToLive}>
          {m.jump} <span aria-hidden="true">↓</span>
        </button>
      )}
      <p id={summaryId} className="visually-hidden" aria-live="polite">
        {summary}
      </p>
    </div>
  );
}
