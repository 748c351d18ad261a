import { useEffect, useRef, type RefObject } from 'react';

/**
 * A ref for a code box (`.code`, or the element holding one) whose marked line it keeps in
 * the middle, with the lines around it, when the code is taller than the box: on a short
 * screen the line the server is on must not sit cut at an edge. Only the code box scrolls,
 * never the page. Runs again when `deps` change (the line, or its mark) and when the box is
 * resized (the window, projector mode, the panels around it).
 */
export function useCenteredLine<T extends HTMLElement>(
  deps: readonly unknown[],
): RefObject<T | null> {
  const box = useRef<T>(null);
  useEffect(() => {
    const el = box.current;
    const code = el?.matches('.code') ? el : el?.querySelector('.code');
    if (!(code instanceof HTMLElement)) return;
    const center = (): void => {
      const line = code.querySelector('.is-current');
      if (!(line instanceof HTMLElement)) return;
      // The code box is the lines' offset parent (code.css positions it).
      code.scrollTop = Math.max(0, line.offsetTop - (code.clientHeight - line.offsetHeight) / 2);
    };
    center();
    const resized = new ResizeObserver(center);
    resized.observe(code);
    return () => resized.disconnect();
    // The caller names what moves the line; the ref itself is stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return box;
}
