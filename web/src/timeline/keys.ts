// Which key does what on the timeline, and when a key is not ours to take: while someone
// types (a message box, a select), or where the key already does the same thing natively
// (space on a button, arrows on the slider). Pure, apart from reading the target element.

export const TimelineKey = {
  toggle: 'toggle',
  back: 'back',
  forward: 'forward',
  oldest: 'oldest',
  live: 'live',
} as const;
export type TimelineKey = (typeof TimelineKey)[keyof typeof TimelineKey];

/** What matters about the element a key press went to. */
export interface KeyTarget {
  tag: string;
  /** An <input>'s type. */
  type: string;
  editable: boolean;
  /** Inside an open dialog or a composite widget (tabs, menu, grid), which has keys of its own. */
  inWidget: boolean;
}

const TEXTLESS_INPUTS = new Set([
  'button',
  'checkbox',
  'radio',
  'range',
  'reset',
  'submit',
  'file',
  'color',
]);
const PRESSABLE = new Set(['button', 'a', 'summary']);
const WIDGETS =
  'dialog[open], [role="dialog"], [role="tablist"], [role="menu"], [role="listbox"], [role="grid"]';

export function describeTarget(target: EventTarget | null): KeyTarget {
  const el = target instanceof Element ? target : null;
  return {
    tag: el?.tagName.toLowerCase() ?? '',
    type: el instanceof HTMLInputElement ? el.type : '',
    editable: el instanceof HTMLElement && el.isContentEditable,
    inWidget: el?.closest(WIDGETS) != null,
  };
}

/** Someone is typing there: no single-key shortcut may fire. */
export function isTextEntry(target: KeyTarget): boolean {
  if (target.editable || target.tag === 'textarea' || target.tag === 'select') return true;
  return target.tag === 'input' && !TEXTLESS_INPUTS.has(target.type);
}

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export function timelineKey(press: KeyPress, target: KeyTarget): TimelineKey | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (target.inWidget || isTextEntry(target)) return null;
  const slider = target.tag === 'input' && target.type === 'range';
  switch (press.key) {
    case ' ': {
      const pressable =
        PRESSABLE.has(target.tag) || (target.tag === 'input' && target.type !== 'range');
      return pressable ? null : TimelineKey.toggle;
    }
    case 'ArrowLeft':
      return slider ? null : TimelineKey.back;
    case 'ArrowRight':
      return slider ? null : TimelineKey.forward;
    case 'Home':
      return slider ? null : TimelineKey.oldest;
    case 'End':
      return slider ? null : TimelineKey.live;
    default:
      return null;
  }
}
