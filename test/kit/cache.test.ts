import { describe, expect, it } from 'vitest';
import { cacheMemo, type CachedResult, type RenderCache } from '../../src/kit/cache.ts';

/** A render cache in memory. */
function memoryCache(): RenderCache & { entries: Map<string, CachedResult> } {
  const entries = new Map<string, CachedResult>();
  return { entries, get: (k) => entries.get(k), put: (k, r) => void entries.set(k, r), record: (k) => { const r = entries.get(k); return r && { names: Object.keys(r.files), meta: r.meta }; } };
}

describe('the engine memo in the render cache', () => {
  it('keeps text under keys that tell parts, their kinds and the version apart', () => {
    const cache = memoryCache();
    const memo = cacheMemo(cache, 'v1');
    memo.put(['qr-read', 'ab', 'c'], 'one');
    expect(memo.get(['qr-read', 'ab', 'c'])).toBe('one');
    // The same characters split otherwise, or given as bytes, are other keys.
    expect(memo.get(['qr-read', 'a', 'bc'])).toBeUndefined();
    expect(memo.get(['qr-read', 'ab', new TextEncoder().encode('c')])).toBeUndefined();
    // Another version of the engine never sees this one's answers.
    expect(cacheMemo(cache, 'v2').get(['qr-read', 'ab', 'c'])).toBeUndefined();
    memo.put(['qr-read', new Uint8Array([1, 2, 3])], '二');
    expect(memo.get(['qr-read', new Uint8Array([1, 2, 3])])).toBe('二');
    expect(memo.get(['qr-read', new Uint8Array([1, 2, 4])])).toBeUndefined();
    expect(cache.entries.size).toBe(2);
  });
});
