import { describe, expect, it } from 'vitest';
import { takeTeacherToken, withoutToken } from '../web/src/store/teacher-token.ts';

/** A tab's address, history and sessionStorage, as much of them as the page uses. */
function tab(address: string, storage: 'ok' | 'refused' = 'ok') {
  const url = new URL(address, 'http://lab.test');
  const stored = new Map<string, string>();
  const place = {
    location: { pathname: url.pathname, search: url.search, hash: url.hash },
    history: {
      state: null,
      replaceState: (_s: unknown, _u: string, next: string) => {
        const moved = new URL(next, url);
        Object.assign(place.location, { search: moved.search, hash: moved.hash });
      },
    },
    get sessionStorage() {
      if (storage === 'refused') throw new Error('SecurityError');
      return {
        getItem: (k: string) => stored.get(k) ?? null,
        setItem: (k: string, v: string) => void stored.set(k, v),
      };
    },
  };
  return place;
}

describe('the teacher token', () => {
  it('is removed from the query, every other parameter kept as written', () => {
    expect(withoutToken('?token=abc')).toBe('');
    expect(withoutToken('?a=1&token=abc&b=x%20y&tok=2')).toBe('?a=1&b=x%20y&tok=2');
    expect(withoutToken('?to%6Ben=abc&a')).toBe('?a');
  });

  it('moves from the address to the tab, and comes back from it on a reload', () => {
    const place = tab('/?token=abc#log');
    expect(takeTeacherToken(place)).toBe('abc');
    expect(place.location).toMatchObject({ search: '', hash: '#log' });
    expect(takeTeacherToken(place)).toBe('abc');
  });

  it('stays in the address when the tab cannot keep it', () => {
    const place = tab('/?token=abc', 'refused');
    expect(takeTeacherToken(place)).toBe('abc');
    expect(place.location.search).toBe('?token=abc');
  });

  it('is none outside a browser', () => {
    expect(takeTeacherToken(undefined)).toBeUndefined();
  });
});
