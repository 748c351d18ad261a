// The timeline's button glyphs, drawn as SVG so they look the same in every font and never
// turn into colour emoji. Decorative: each button carries its name as text.

const PATHS = {
  oldest: 'M5 4h2v16H5zM19 4v16L8 12z',
  back: 'M15 4v16L4 12zM17 4h3v16h-3z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
  forward: 'M4 4h3v16H4zM9 4v16l11-8z',
  live: 'M12 7a5 5 0 1 1 0 10a5 5 0 1 1 0-10z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className="tl-icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
