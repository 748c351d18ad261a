// Keeps the diagram on its live edge (newest row at the bottom) until the person scrolls
// back, and reports the scroll position and size the layout needs to draw only what shows.

import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import type { Viewport } from './layout.ts';

/** Pixels from the bottom still counted as "at the live edge". */
const SLACK = 24;

const KEYS_BACK = new Set(['ArrowUp', 'PageUp', 'Home']);

export interface LiveScroll {
  ref: RefObject<HTMLDivElement | null>;
  /** The viewport the layout should use; at the live edge it is the bottom of the content. */
  viewport: Viewport;
  live: boolean;
  onScroll: () => void;
  jumpToLive: () => void;
}

/**
 * `contentHeight` is the full scroll height and `headHeight` the sticky header's, which
 * hides the top of the scrolling area from the rows.
 */
export function useLiveScroll(contentHeight: number, headHeight: number): LiveScroll {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 960, height: 480 });
  const [scrollTop, setScrollTop] = useState(0);
  const [scrollLeft, setScrollLeft] = useState(0);
  const [live, setLive] = useState(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => setSize({ width: el.clientWidth, height: el.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Under heavy traffic rows arrive every frame and would snap the view back to the bottom
  // before a scroll event could say the person moved: act on the intent itself.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      if (e.deltaY < 0) setLive(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (KEYS_BACK.has(e.key)) setLive(false);
    };
    el.addEventListener('wheel', onWheel, { passive: true });
    el.addEventListener('keydown', onKey);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('keydown', onKey);
    };
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (live && el) el.scrollTop = el.scrollHeight;
  }, [live, contentHeight, size.height]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    setScrollLeft(el.scrollLeft);
    setLive(el.scrollTop + el.clientHeight >= el.scrollHeight - SLACK);
  }, []);

  const jumpToLive = useCallback(() => {
    setLive(true);
    ref.current?.focus({ preventScroll: true });
  }, []);

  const rowsHeight = Math.max(0, size.height - headHeight);
  const bottom = Math.max(0, contentHeight - rowsHeight);
  const top = live ? bottom : scrollTop;
  const viewport = useMemo(
    () => ({ scrollTop: top, scrollLeft, height: rowsHeight, width: size.width }),
    [top, scrollLeft, rowsHeight, size.width],
  );
  return {
    ref,
    viewport,
    live,
    onScroll,
    jumpToLive,
  };
}
