// A drop-down of the timeline's tools (export, saved lessons): it closes on a click outside
// it, and Escape closes it and gives the focus back to its button.

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export function useToolsMenu() {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent): void => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'Escape' || !open) return;
    e.preventDefault();
    setOpen(false);
    toggle.current?.focus();
  };

  return { open, setOpen, box, toggle, onKeyDown };
}
