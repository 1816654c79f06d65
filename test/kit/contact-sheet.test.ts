import { Resvg } from '@resvg/resvg-js';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeRgbPng, encodeRgbPng, type Rgb } from '../../src/kit/contact-sheet.ts';

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
