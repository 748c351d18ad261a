// The key the server gave this page in its latest snapshot. The byte bridge counts the web
// clients a page opens by it, and takes only keys it issued to pages still watching, so a
// page cannot pick one to get past the limit. Until the first snapshot there is none.

let current: string | null = null;

export const setPageKey = (key: string): void => {
  current = key;
};

export const pageKey = (): string | null => current;
