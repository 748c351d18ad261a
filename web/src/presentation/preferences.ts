// How the page looks in the room: light, dark or as the system says, and projector mode
// (bigger type, thicker lines). Both are classes and attributes on <html>, so every part of
// the page follows through CSS alone, and both are remembered on this machine.

export const Theme = { system: 'system', light: 'light', dark: 'dark' } as const;
export type Theme = (typeof Theme)[keyof typeof Theme];

const THEME_KEY = 'echo-lab.theme';
const PROJECTOR_KEY = 'echo-lab.projector';

const isTheme = (value: unknown): value is Theme =>
  value === Theme.system || value === Theme.light || value === Theme.dark;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage can be off (private windows, a file:// page in some browsers): use defaults.
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; it still applies to this page.
  }
}

export function storedTheme(): Theme {
  const value = read(THEME_KEY);
  return isTheme(value) ? value : Theme.system;
}

export const storedProjector = (): boolean => read(PROJECTOR_KEY) === 'on';

/** "system" leaves the choice to prefers-color-scheme; the others force it. */
function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === Theme.system) delete root.dataset.theme;
  else root.dataset.theme = theme;
  // Form controls and scrollbars follow color-scheme, not our variables.
  root.style.colorScheme = theme === Theme.system ? '' : theme;
}

function applyProjector(on: boolean, root: HTMLElement = document.documentElement): void {
  root.classList.toggle('projector', on);
}

export function saveTheme(theme: Theme): void {
  applyTheme(theme);
  write(THEME_KEY, theme);
}

export function saveProjector(on: boolean): void {
  applyProjector(on);
  write(PROJECTOR_KEY, on ? 'on' : 'off');
}

/** Before the first render, so the page never flashes in the wrong theme. */
export function restorePresentation(): void {
  applyTheme(storedTheme());
  applyProjector(storedProjector());
}
