import { useEffect, useRef } from 'react';
import { isShortcutEvent, leavesField, type ShortcutKey } from './shortcuts.ts';

const leaveField = (event: KeyboardEvent): void => leavesField(event)?.blur();

/** Pages with shortcuts also let Escape leave a field; one listener, however many keys. */
let escapeUsers = 0;

function useEscapeLeavesField(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    if (escapeUsers++ === 0) addEventListener('keydown', leaveField);
    return () => {
      if (--escapeUsers === 0) removeEventListener('keydown', leaveField);
    };
  }, [enabled]);
}

/**
 * Runs `action` when `key` is pressed anywhere on the page, except while typing in a field.
 * The latest `action` is used without re-subscribing on every render.
 */
export function useShortcut(key: ShortcutKey, action: () => void, enabled = true): void {
  const latest = useRef(action);
  useEscapeLeavesField(enabled);
  useEffect(() => {
    latest.current = action;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key.toLowerCase() !== key || !isShortcutEvent(event)) return;
      event.preventDefault();
      latest.current();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [key, enabled]);
}
