import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fontkit from 'fontkit';
import { createRequire } from 'node:module';
import { collectDisplayChars, sfntToWoff, subsetDisplayFont } from '../../src/site/font.ts';
import { memoryStore } from '../memory-store.ts';

const require = createRequire(import.meta.url);
// An independent WOFF decoder (fontverter, which subset-font uses).
const fontverter = require('fontverter') as { convert(font: Buffer, to: 'sfnt'): Promise<Buffer> };

/** The tables of an sfnt font by tag. */
function sfntTables(font: Buffer): Map<string, Buffer> {
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const at = 12 + 16 * i;
    tables.set(font.toString('latin1', at, at + 4), font.subarray(font.readUInt32BE(at + 8), font.readUInt32BE(at + 8) + font.readUInt32BE(at + 12)));
  }
  return tables;
}

describe('site display font', () => {
  it('covers exactly the heading characters (plus digits), and a cache gives the same bytes without making them again', async () => {
    const chars = collectDisplayChars(['<h1>质量强国</h1><p>正文不用</p><h2 class="x">共建</h2>']);
    expect(chars.join('')).toBe([...'质量强国共建'].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join(''));
    const cache = memoryStore<Uint8Array>();
    const made = await subsetDisplayFont(chars, cache);
    expect(cache.puts).toBe(1);
    const font = fontkit.create(Buffer.from(made)) as fontkit.Font;
    for (const ch of '质量强国共建0123456789') expect([ch, font.hasGlyphForCodePoint(ch.codePointAt(0)!)]).toEqual([ch, true]);
    expect(font.hasGlyphForCodePoint('正'.codePointAt(0)!)).toBe(false);
    // Same characters: the cached bytes, nothing made (a marked entry proves the bytes come from the cache).
    const [key] = [...cache.store.keys()];
    cache.store.set(key!, new Uint8Array([1, 2, 3]));
    expect([...(await subsetDisplayFont([...chars], cache))]).toEqual([1, 2, 3]);
    expect(cache.puts).toBe(1);
    // One more character: another key, a font made anew.
    const more = await subsetDisplayFont([...chars, '品'], cache);
    expect(cache.puts).toBe(2);
    expect((fontkit.create(Buffer.from(more)) as fontkit.Font).hasGlyphForCodePoint('品'.codePointAt(0)!)).toBe(true);
    // Without a cache: the same bytes as the first time.
    expect(Buffer.from(await subsetDisplayFont(chars)).equals(Buffer.from(made))).toBe(true);
  });

  it('wraps the subset as WOFF 1.0 that an independent decoder turns back into the same tables', async () => {
    const made = Buffer.from(await subsetDisplayFont([...'质量强国']));
    expect(made.toString('latin1', 0, 4)).toBe('wOFF');
    expect(made.readUInt32BE(8)).toBe(made.length);
    const back = await fontverter.convert(made, 'sfnt');
    const again = sfntToWoff(back);
    // Decoded and wrapped again: the same bytes, so every table survived the round trip.
    expect(Buffer.from(again).equals(made)).toBe(true);
    const tables = sfntTables(back);
    expect([...tables.keys()].sort()).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca']));
    // Compressed tables are smaller than the font they came from.
    expect(made.length).toBeLessThan([...tables.values()].reduce((n, t) => n + t.length, 0));
  });

  it('subsets without loading WOFF2 (wawoff2), which subset-font would load for nothing', () => {
    const module = path.resolve(import.meta.dirname, '../../src/render/subset-font.mjs');
    const script = `
      import { createRequire } from 'node:module';
      import { readFileSync } from 'node:fs';
      const { loadSubsetFont } = await import(${JSON.stringify(module)});
      const require = createRequire(${JSON.stringify(module)});
      const subsetFont = loadSubsetFont();
      const ttf = readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'));
      const out = await subsetFont(ttf, '质量', { targetFormat: 'truetype' });
      const loaded = Object.keys(require.cache).filter((f) => /wawoff2[\\/]build/.test(f));
      let woff2;
      try { await subsetFont(ttf, '质量', { targetFormat: 'woff2' }); } catch (error) { woff2 = error.message; }
      console.log(JSON.stringify({ bytes: out.length, loaded, woff2 }));
    `;
    const result = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { bytes: number; loaded: string[]; woff2: string };
    expect(result.bytes).toBeGreaterThan(1000);
    expect(result.loaded).toEqual([]);
    expect(result.woff2).toContain('WOFF2 is not used');
  });
});

