// The teaching layer's keyboard shortcuts, listed once so a help overlay can show them.
// Single letters and digits only: space and the arrow keys belong to the timeline.

import { describeTarget, isTextEntry } from '../timeline/keys.ts';

export interface Shortcut {
  key: string;
  en: string;
  es: string;
  /** Only the teacher's page acts on it; viewers' pages ignore the key. */
  teacher: boolean;
}

export const TEACHING_SHORTCUTS = [
  { key: 'n', en: 'Next step', es: 'Siguiente paso', teacher: true },
  { key: 's', en: 'Step mode on or off', es: 'Activar o desactivar paso a paso', teacher: true },
  { key: 'l', en: 'Switch language', es: 'Cambiar de idioma', teacher: false },
  { key: '1', en: 'Show the code', es: 'Mostrar el código', teacher: false },
  { key: '2', en: 'Show the event log', es: 'Mostrar el registro de eventos', teacher: false },
  { key: '3', en: 'Show the teacher controls', es: 'Mostrar los controles', teacher: true },
  {
    key: 'j',
    en: "Join screen: the students' address and QR code (classroom mode)",
    es: 'Pantalla para unirse: dirección y código QR para los estudiantes (modo aula)',
    teacher: true,
  },
] as const satisfies readonly Shortcut[];

export type ShortcutKey = (typeof TEACHING_SHORTCUTS)[number]['key'];

/**
 * Whether a key press is for the page rather than for a field, a menu or the browser. A
 * field one types in takes its own letters; a button, a checkbox or a radio does not, so
 * the teacher's keys still work right after they click one (Conectar, a mode, a toggle).
 */
export function isShortcutEvent(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.repeat) return false;
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target as HTMLElement | null;
  if (!target || typeof target.closest !== 'function') return true;
  // An open dialog (the help overlay) owns the keyboard.
  return !isTextEntry(describeTarget(target)) && !target.closest('dialog[open]');
}

/**
 * Escape in a field one types in hands the keyboard back to the page: the field loses
 * focus, keeping what was typed, and single-key shortcuts work again. Not in a dialog,
 * whose Escape closes it.
 */
export function leavesField(event: KeyboardEvent): HTMLElement | null {
  if (event.key !== 'Escape' || event.defaultPrevented) return null;
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return null;
  const target = event.target as HTMLElement | null;
  if (!target || typeof target.closest !== 'function' || target.closest('dialog[open]')) {
    return null;
  }
  return isTextEntry(describeTarget(target)) ? target : null;
}
