// The teacher token of classroom mode. The teacher opens the address with ?token=…, and
// that page is projected: the token must not stay in the address bar for the class to
// read. Once read it moves to this tab's sessionStorage and leaves the address, so a
// reload is still the teacher's page while a new tab on the plain address is a student's.

const KEY = 'echo-lab.teacher-token';
const PARAM = 'token';

/** What of the browser this needs; absent outside one (tests, a replay file's store). */
interface Place {
  location: { pathname: string; search: string; hash: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
  };
}

const isTokenPair = (pair: string): boolean => {
  const key = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(key.replace(/\+/g, ' ')) === PARAM;
  } catch {
    return false;
  }
};

/** The query without any token, every other parameter as it was written. */
export function withoutToken(search: string): string {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair && !isTokenPair(pair));
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

/**
 * The token this tab holds: from the address (which is then cleaned) or from an earlier
 * load of the same tab. If the tab cannot store it, the address keeps it: losing the
 * teacher's controls on the next reload would be worse than a visible token.
 */
export function takeTeacherToken(
  // Needed where tests type-check this file without the DOM's globals.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  place: Place | undefined = globalThis as unknown as Place,
): string | undefined {
  if (!place?.location) return undefined;
  const { location, history } = place;
  const fromAddress = new URLSearchParams(location.search).get(PARAM);
  let storage: Place['sessionStorage'] | null = null;
  try {
    storage = place.sessionStorage;
  } catch {
    // Storage refused (privacy settings): the address is the only place to keep it.
  }
  if (fromAddress === null) return storage?.getItem(KEY) ?? undefined;
  if (!fromAddress) return undefined;
  try {
    storage?.setItem(KEY, fromAddress);
    if (storage?.getItem(KEY) === fromAddress) {
      const clean = `${location.pathname}${withoutToken(location.search)}${location.hash}`;
      history.replaceState(history.state, '', clean);
    }
  } catch {
    // Full or refused: keep the token where it is.
  }
  return fromAddress;
}
