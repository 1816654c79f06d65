import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { WEIGHTS } from '../../src/render/font-chars.ts';
import { freeNative } from '../../src/kit/gc.ts';
import { fontFacts, toRanges } from '../../src/render/font-facts.ts';
import { loadFontFiles } from '../../src/render/fonts-node.ts';
import { FONT_FILES } from '../../src/render/subsetter.ts';
import { memoryStore } from '../memory-store.ts';

// The font files' facts kept in the build's cache: the same digests and the same coverage as reading the files.

const require = createRequire(import.meta.url);

/** Han, Latin, punctuation, the edges of the BMP, a private-use point and ones no font has. */
const PROBES = [0x20, 0x41, 0x7e, 0x3000, 0x3001, 0x201c, 0x4e00, 0x8d28, 0x9fa5, 0x9fff, 0xe000, 0xfffd, 0x1f600, 0x10ffff, 0x0378, 0x2fa1d];
for (let cp = 0x4dff; cp < 0x4e10; cp++) PROBES.push(cp);

describe('font facts', () => {
  it('from the cache: the files’ own SHA-256 and the same coverage as fontkit on the files, without reading them again', async () => {
    const store = memoryStore<string>();
    let read = 0;
    const fresh = await fontFacts(store, () => read++);
    expect([read, store.puts]).toEqual([1, 1]);
    const cached = await fontFacts(store, () => read++);
    expect([read, store.puts]).toEqual([1, 1]);
    for (const w of WEIGHTS) {
      const direct = createHash('sha256').update(readFileSync(require.resolve(FONT_FILES[w]))).digest('hex');
      expect([w, cached.digests[w]]).toEqual([w, direct]);
      expect(fresh.digests[w]).toBe(direct);
    }
    const files = loadFontFiles();
    for (const cp of PROBES) expect([cp.toString(16), cached.covers(cp)]).toEqual([cp.toString(16), files.covers(cp)]);
    expect(cached.covers('质'.codePointAt(0)!)).toBe(true);
  }, 60_000);

  it('read from the files, they do not keep the files (31 MB, held to the end of a build before)', async () => {
    let files: WeakRef<object> | undefined;
    let covers: ((cp: number) => boolean) | undefined;
    const facts = await fontFacts(undefined, (read) => {
      files = new WeakRef(read.data);
      covers = read.covers;
    });
    const expected = PROBES.map((cp) => covers!(cp));
    covers = undefined;
    await freeNative('major');
    await freeNative('major');
    expect(files!.deref() === undefined).toBe(true);
    expect(PROBES.map((cp) => facts.covers(cp))).toEqual(expected);
  }, 60_000);

  it('a damaged entry is read from the files again', async () => {
    const store = memoryStore<string>();
    await fontFacts(store);
    const [key] = [...store.store.keys()];
    store.store.set(key!, '{"digests":{}}');
    let read = 0;
    const facts = await fontFacts(store, () => read++);
    expect(read).toBe(1);
    expect(facts.covers(0x8d28)).toBe(true);
  }, 60_000);

  it('ranges are sorted, disjoint and cover exactly the given code points', () => {
    expect(toRanges([1, 2, 3, 7, 9, 10])).toEqual([
      [1, 3],
      [7, 7],
      [9, 10],
    ]);
    expect(toRanges([])).toEqual([]);
  });
});
