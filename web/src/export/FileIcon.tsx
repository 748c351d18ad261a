// Glyphs for the session tools, which keep only them in projector mode, where the timeline
// bar has no room for their words (the words stay, visually hidden, as their names).

const PATHS = {
  export: 'M12 3v11M7 9l5 5 5-5M5 19h14',
  open: 'M3 7h6l2 2h10v10H3zM3 7V5h6',
} as const;

export function FileIcon({ kind }: { kind: keyof typeof PATHS }) {
  return (
    <svg
      className="st-icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={PATHS[kind]}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
