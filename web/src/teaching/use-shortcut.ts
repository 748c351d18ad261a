import { useEffect, useRef } from 'react';
import { isShortcutEvent, type ShortcutKey } from './shortcuts.ts';

/**
 * Runs `action` when `key` is pressed anywhere on the page, except while typing in a field.
 * The latest `action` is used without re-subscribing on every render.
 */
export function useShortcut(key: ShortcutKey, action: () => void, enabled = true): void {
  const latest = useRef(action);
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
