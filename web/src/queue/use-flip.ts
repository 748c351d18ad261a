// Clients slide from place to place (retrying -> queue -> served) instead of jumping: the
// FLIP technique. After each render, every element marked `data-flip="<key>"` is measured;
// if its `data-place` changed since the last render it is drawn back where it was with a
// transform and animated to its new spot. Scrolling alone changes no place, so it never
// animates. Elements that are new fade in through CSS; reduced motion turns it all off.

import { useLayoutEffect, useRef, type RefObject } from 'react';

interface Seen {
  place: string;
  x: number;
  y: number;
}

const reducedMotion = (): boolean =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function useFlip(root: RefObject<HTMLElement | null>, version: unknown): void {
  const seen = useRef(new Map<string, Seen>());
  useLayoutEffect(() => {
    const container = root.current;
    if (!container) return;
    const still = reducedMotion();
    const next = new Map<string, Seen>();
    for (const el of container.querySelectorAll<HTMLElement>('[data-flip]')) {
      const key = el.dataset.flip ?? '';
      const rect = el.getBoundingClientRect();
      const now: Seen = { place: el.dataset.place ?? '', x: rect.left, y: rect.top };
      next.set(key, now);
      const before = seen.current.get(key);
      if (still || !before || before.place === now.place) continue;
      const dx = before.x - now.x;
      const dy = before.y - now.y;
      if (Math.abs(dx) < 1 && Math.abs(dy) < 1) continue;
      el.animate(
        [
          { transform: `translate(${dx}px, ${dy}px)`, zIndex: 2 },
          { transform: 'translate(0, 0)', zIndex: 2 },
        ],
        { duration: 550, easing: 'cubic-bezier(0.2, 0.7, 0.2, 1)' },
      );
    }
    seen.current = next;
  }, [root, version]);
}
