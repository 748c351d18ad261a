// What the server told this page about itself in its latest snapshot: its key and its
// address. The byte bridge counts the web clients a page opens by the key, and takes only
// keys it issued to pages still watching, so a page cannot pick one to get past the limit.
// The address finds the page's own raw clients (see yours.ts). Until the first snapshot
// there is neither.

let current: string | null = null;
let address: string | null = null;

export const setPageKey = (key: string, yourAddress?: string): void => {
  current = key;
  address = yourAddress ?? null;
};

export const pageKey = (): string | null => current;

/** The address the server sees this page come from; null before a snapshot or from an older server. */
export const pageAddress = (): string | null => address;
