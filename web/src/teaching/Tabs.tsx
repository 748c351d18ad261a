// Tabs as WAI-ARIA describes them: a tablist of buttons, the selected one in the tab order,
// arrow keys moving between them (and selecting: each panel is cheap to show).

import { useRef, type KeyboardEvent } from 'react';

export interface TabDef<K extends string> {
  key: K;
  label: string;
  /** A small number beside the label, e.g. clients waiting. */
  badge?: number;
}

export const tabId = (base: string, key: string): string => `${base}-tab-${key}`;
export const panelId = (base: string, key: string): string => `${base}-panel-${key}`;

export interface TabsProps<K extends string> {
  /** Names the tablist for screen readers. */
  label: string;
  /** A unique prefix for the ids (useId()). */
  base: string;
  tabs: readonly TabDef<K>[];
  selected: K;
  onSelect: (key: K) => void;
  className?: string;
}

export function Tabs<K extends string>({
  label,
  base,
  tabs,
  selected,
  onSelect,
  className,
}: TabsProps<K>) {
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const at = tabs.findIndex((t) => t.key === selected);
    const last = tabs.length - 1;
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (at + last) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    const next = to === null ? undefined : tabs[to];
    if (!next) return;
    // Handled here: the page-wide keys (the timeline's arrows) must not also act.
    event.preventDefault();
    event.stopPropagation();
    onSelect(next.key);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(base, next.key))}`)?.focus();
  };

  return (
    <div
      ref={list}
      role="tablist"
      aria-label={label}
      className={className ? `tabs ${className}` : 'tabs'}
      onKeyDown={onKeyDown}
    >
      {tabs.map((tab) => {
        const on = tab.key === selected;
        return (
          <button
            key={tab.key}
            type="button"
            role="tab"
            id={tabId(base, tab.key)}
            aria-selected={on}
            // Only the selected panel is in the page; an id must point at something.
            aria-controls={on ? panelId(base, tab.key) : undefined}
            tabIndex={on ? 0 : -1}
            className="tab"
            onClick={() => onSelect(tab.key)}
          >
            {tab.label}{' '}
            {tab.badge !== undefined && tab.badge > 0 && (
              <span className="count tab-badge">{tab.badge}</span>
            )}
          </button>
        );
      })}
    </div>
  );
}
