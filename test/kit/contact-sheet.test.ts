import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { adler32Combine, decodeRgbPng, encodeRgbPng, renderContactSheet, type Cells, type Rgb } from '../../src/kit/contact-sheet.ts';
import type { ManifestAsset } from '../../src/kit/manifest.ts';
import { loadFontFiles } from '../../src/render/fonts-node.ts';
import { memoryStore } from '../memory-store.ts';
import { sampleCampaign } from '../render/helpers.ts';
import { tempDir } from './helpers.ts';

// The contact sheet's own PNG code: tiles are cached as RGB PNGs and read back, and the sheet is encoded the same way.

const noisy = (width: number, height: number): Rgb => {
  const data = new Uint8Array(width * height * 3);
  let seed = 7;
  for (let i = 0; i < data.length; i++) data[i] = seed = (seed * 1103515245 + 12345) % 256;
  return { width, height, data };
};

describe('contact sheet PNGs', () => {
  it('encodes RGB that an independent decoder reads back pixel for pixel', () => {
    const image = noisy(37, 11);
    const png = encodeRgbPng(image);
    const decoded = decode(png);
    expect([decoded.width, decoded.height, decoded.channels, decoded.depth]).toEqual([37, 11, 3, 8]);
    expect(Buffer.from(decoded.data as Uint8Array).equals(Buffer.from(image.data))).toBe(true);
    // And its own reader gives the same image, at any zlib level.
    for (const level of [1, 6, 9]) expect(decodeRgbPng(encodeRgbPng(image, level))).toEqual(image);
  });

  it('reads back only what it wrote: another PNG, or a damaged one, is a miss (the tile is drawn again)', () => {
    const foreign = new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#c00"/></svg>').render().asPng();
    expect(decodeRgbPng(new Uint8Array(foreign))).toBeUndefined();
    const png = encodeRgbPng(noisy(8, 8));
    const cut = png.slice(0, png.length - 30);
    expect(decodeRgbPng(cut)).toBeUndefined();
    expect(decodeRgbPng(new Uint8Array(10))).toBeUndefined();
  });
});

/** zlib's own Adler-32 of `data`: the trailer of a level-0 zlib stream. */
const zlibAdler = (data: Uint8Array) => {
  const z = deflateSync(data, { level: 0 });
  return z.readUInt32BE(z.length - 4);
};

/** The IDAT data of a PNG, joined. */
function idatOf(png: Uint8Array): Buffer {
  const bytes = Buffer.from(png);
  const parts: Buffer[] = [];
  for (let at = 8; at + 12 <= bytes.length; at += 12 + bytes.readUInt32BE(at)) {
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + bytes.readUInt32BE(at)));
  }
  return Buffer.concat(parts);
}

describe('the contact sheet in strips', () => {
  it('combines Adler-32s as zlib does', () => {
    const data = noisy(300, 200).data;
    for (const cut of [0, 1, 5551, 5552, 65520, 65521, 65522, 100_000, data.length]) {
      expect(adler32Combine(zlibAdler(data.subarray(0, cut)), zlibAdler(data.subarray(cut)), data.length - cut)).toBe(zlibAdler(data));
    }
  });

  it('is one valid zlib stream, the same bytes from its kept strips, and a damaged strip is compressed again', async () => {
    const dir = tempDir('qmkit-sheet-');
    const assets = Array.from({ length: 14 }, (_, i) => {
      const profile = i < 13 ? 'school-screen' : 'share-og';
      const file = `assets/national/2024/${profile}/p${i}.png`;
      mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(dir, file), encodeRgbPng(noisy(40 + i, 30)));
      return { path: file, profile, edition: 'national', year: 2024, width: 40 + i, height: 30 } as unknown as ManifestAsset;
    });
    const read = (p: string) => {
      try {
        return new Uint8Array(readFileSync(path.join(dir, p)));
      } catch {
        return undefined;
      }
    };
    const { data } = loadFontFiles();
    const subsets = data as unknown as Parameters<typeof renderContactSheet>[3];
    const campaign = sampleCampaign();
    const tiles = memoryStore<Uint8Array>();
    const strips = memoryStore<Uint8Array>();
    const cells: Cells = { store: tiles, strips, version: 'v1' };

    const plain = await renderContactSheet(campaign, assets, read, subsets);
    const first = await renderContactSheet(campaign, assets, read, subsets, cells);
    expect(Buffer.from(first).equals(Buffer.from(plain))).toBe(true);
    // Title, two headings, the school screens' two rows of tiles and the share card's one.
    expect(strips.store.size).toBe(6);
    // Node's inflate checks the Adler-32 of the whole stream; fast-png reads the pixels.
    const image = decode(first);
    expect(inflateSync(idatOf(first)).length).toBe((image.width * 3 + 1) * image.height);
    expect([image.width, image.channels]).toEqual([2432, 3]);

    const tileGets = tiles.gets;
    const again = await renderContactSheet(campaign, assets, read, subsets, cells);
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expect(tiles.gets).toBe(tileGets); // every strip came whole from the store: no tile was read
    expect(strips.puts).toBe(6);

    // One stored strip damaged: it is a miss, drawn and compressed again, to the same bytes.
    const [key, value] = [...strips.store].find(([, v]) => v.length > 1000)!;
    const damaged = Uint8Array.from(value);
    damaged[damaged.length - 10]! ^= 0xff;
    strips.store.set(key, damaged);
    const mended = await renderContactSheet(campaign, assets, read, subsets, cells);
    expect(Buffer.from(mended).equals(Buffer.from(first))).toBe(true);
    expect(strips.puts).toBe(7);
  });
});
