// The diagram's model, kept from batch to batch: the rows, each client's track and column.
// A batch that only adds events at the end extends them; anything else (a fresh snapshot,
// a clear, the window dropping its oldest events, a seek back on the timeline, a change in
// what the teacher hid) builds them again. Either way the result is what building from
// scratch gives, which the property tests check.

import type { LabState } from '../../../shared/lab.ts';
import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import { createRowFold, type AggregateOptions, type RowFold } from './build-rows.ts';
import { assignSlots, labeler, type Slots } from './lanes.ts';
import type { Row } from './rows.ts';
import { addRow, type Track, type Tracks } from './tracks.ts';

export interface DiagramModel {
  rows: readonly Row[];
  tracks: Tracks;
  slots: Slots;
  labelOf: (id: number) => string;
}

export interface DiagramCache {
  /**
   * The model for `events` and `lab`. `version` stands for whatever else the events read
   * through (the teacher's moderation, the language of neutral names): when it changes,
   * the same events may draw differently, so the model is built again.
   */
  sync(
    events: readonly LabEvent[],
    lab: LabState,
    version?: unknown,
    /** The settings before the first event, when the page knows them (for change notes). */
    settingsBefore?: EchoConfig | null,
  ): DiagramModel;
}

/** Does `events` begin with exactly the `count` events that ran from seq `first` to `last`? */
function extends_(events: readonly LabEvent[], count: number, first: number, last: number) {
  if (events.length < count) return false;
  if (count === 0) return true;
  return events[0]?.seq === first && events[count - 1]?.seq === last;
}

export function createDiagramCache(options?: AggregateOptions): DiagramCache {
  let before: EchoConfig | null = null;
  let fold: RowFold = createRowFold(options, before);
  let count = 0;
  let first = 0;
  let last = 0;
  let version: unknown = undefined;
  let epoch = 0;
  // Tracks of the committed rows; those handed out in a model are never changed in place.
  let base = new Map<number, Track>();
  let baseRows = 0;
  let preferred: ReadonlyMap<number, number> = new Map();
  let model: DiagramModel | null = null;
  let modelLab: LabState | null = null;

  const restart = (): void => {
    fold = createRowFold(options, before);
    count = 0;
    epoch = fold.epoch();
    base = new Map();
    baseRows = 0;
    // The window moved: the clients still there keep the columns they had.
    if (model) preferred = model.slots.slotOf;
  };

  return {
    sync(events, lab, nextVersion, settingsBefore = null) {
      const same =
        Object.is(version, nextVersion) &&
        Object.is(before, settingsBefore) &&
        extends_(events, count, first, last);
      before = settingsBefore;
      if (same && events.length === count && model && modelLab === lab) return model;
      if (!same) restart();
      version = nextVersion;
      for (let i = count; i < events.length; i++) fold.push(events[i] as LabEvent);
      count = events.length;
      first = events[0]?.seq ?? 0;
      last = events[count - 1]?.seq ?? 0;

      const rows = fold.rows();
      if (fold.epoch() !== epoch) {
        epoch = fold.epoch();
        base = new Map();
        baseRows = 0;
      }
      const owned = new Set<Track>();
      const committed = fold.committed();
      for (; baseRows < committed; baseRows++) {
        addRow(base, rows[baseRows] as Row, baseRows, owned);
      }
      const tracks = new Map(base);
      const open = new Set<Track>();
      for (let i = committed; i < rows.length; i++) addRow(tracks, rows[i] as Row, i, open);

      const slots = assignSlots(tracks, lab, preferred);
      model = { rows, tracks, slots, labelOf: labeler(tracks, lab) };
      modelLab = lab;
      return model;
    },
  };
}
