import { Z_RLE, deflate } from 'pako';
import type { Platform, Raster } from './platform.ts';
import { PNG_SIGNATURE, chunk, concat } from './png-indexed.ts';

// The one place an SVG becomes a PNG, so the encoder can be swapped (issue 6) without touching the layouts. The
// pixels come from the host's Platform (resvg-js in Node, resvg-wasm in the browser); the encoding is the engine's
// own, so both hosts write the same bytes (issue 12). Compression: pako (a line-for-line port of zlib) in the
// browser; in Node, node:zlib with the same level and strategy, which writes the same bytes ~10× faster (proved per
// Node version by test/render/platform.test.ts).
//
// Encoding (issue 6, item 7; figures from `npx tsx bench/encoders.ts`): our flat posters have 50–90 distinct
// colours (flat fills plus the rasteriser's anti-aliasing steps), so they are written as exact palette PNGs:
// every pixel keeps its exact RGB value, at about 0.4× the bytes of resvg's RGBA PNG and in 0.1–0.4× its time.
// An image with more than 256 colours or any transparency falls back to resvg's own encoder, unchanged.

/**
 * Renders an SVG to a PNG `width` px wide (the SVG's own size, or a smaller thumbnail). `look` sees the pixels before
 * they are encoded and freed (the render reads a card's code from them).
 */
export function rasterise(platform: Platform, svg: string, width: number, look?: (image: Raster) => void): Uint8Array {
  const image = platform.rasterise(svg, width);
  try {
    look?.(image);
    return encodePalettePng(image.width, image.height, image.rgba, platform.deflateRle) ?? image.png();
  } finally {
    image.free?.();
  }
}

const HASH_BITS = 10;
const HASH_SIZE = 1 << HASH_BITS;

/**
 * Palette indices of an opaque RGBA image, as PNG scanlines (a filter byte, then one byte per pixel), and its
 * palette as RGB triplets in first-seen order; undefined when the image has a pixel that is not fully opaque or
 * more than 256 colours. A row identical to the one above is written with filter 2 (Up), i.e. as all zeros;
 * every other row with filter 0 (None), the usual choice for palette images.
 */
export function paletteScanlines(
  width: number,
  height: number,
  rgba: Uint8Array,
  zeroed: (size: number) => Uint8Array = (size) => new Uint8Array(size),
): { scanlines: Uint8Array; palette: Uint8Array } | undefined {
  // Colours are compared and hashed as 32-bit words; the RGB and alpha bytes themselves are read from `rgba`,
  // so the result does not depend on the machine's byte order.
  if (rgba.byteOffset % 4 !== 0) rgba = rgba.slice();
  const px = new Int32Array(rgba.buffer, rgba.byteOffset, width * height);
  const sameRow = rowComparer(px, width);
  const keys = new Int32Array(HASH_SIZE);
  const slots = new Int16Array(HASH_SIZE).fill(-1);
  const palette = new Uint8Array(256 * 3);
  let colours = 0;
  const stride = width + 1;
  const scanlines = zeroed(height * stride); // zero-filled: index 0 needs no writes, nor do repeated rows
  for (let y = 0; y < height; y++) {
    const out = y * stride + 1;
    const row = y * width;
    if (y > 0 && sameRow(row)) {
      scanlines[out - 1] = 2;
      continue;
    }
    let x = 0;
    while (x < width) {
      const colour = px[row + x]!;
      let end = x + 1;
      while (end < width && px[row + end] === colour) end++;
      let slot = Math.imul(colour, 0x9e3779b1) >>> (32 - HASH_BITS);
      while (slots[slot] !== -1 && keys[slot] !== colour) slot = (slot + 1) & (HASH_SIZE - 1);
      if (slots[slot] === -1) {
        const at = (row + x) * 4;
        if (rgba[at + 3] !== 255 || colours === 256) return undefined;
        keys[slot] = colour;
        slots[slot] = colours;
        palette.set(rgba.subarray(at, at + 3), colours * 3);
        colours++;
      }
      const index = slots[slot]!;
      if (index !== 0) scanlines.fill(index, out + x, out + end);
      x = end;
    }
  }
  return { scanlines, palette: palette.slice(0, colours * 3) };
}

/**
 * An exact 8-bit palette PNG of an opaque RGBA image with at most 256 colours, else undefined. Deterministic: no
 * ancillary chunks, and zlib's run-length strategy (no hash chains, so the bytes depend only on zlib's version).
 */
export function encodePalettePng(width: number, height: number, rgba: Uint8Array, deflateRle: (data: Uint8Array) => Uint8Array = pakoRle): Uint8Array | undefined {
  const indexed = paletteScanlines(width, height, rgba, scanlineBuffer);
  if (!indexed) return undefined;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 3, 0, 0, 0], 8); // 8 bits per index, colour type 3 (palette), deflate, adaptive filters, no interlace
  const idat = deflateRle(indexed.scanlines);
  return concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('PLTE', indexed.palette), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/**
 * encodePalettePng's scanlines, in one buffer kept from image to image (the deflate that reads them is synchronous):
 * a print poster's are 17 MB, and a new buffer for each image left the C heap of a render worker fragmented (peak RSS).
 */
let scratch = new Uint8Array(0);

function scanlineBuffer(size: number): Uint8Array {
  if (scratch.length < size) scratch = new Uint8Array(size);
  else scratch.fill(0, 0, size);
  return scratch.subarray(0, size);
}

/** zlib level 9, Z_RLE, in pure JS (the browser's, and the default). */
export const pakoRle = (data: Uint8Array): Uint8Array => deflate(data, { level: 9, strategy: Z_RLE });

/** Node's Buffer where the host has one (its compare is a native memcmp); the browser compares in JavaScript. */
const NativeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/**
 * Whether the row starting at pixel `row` equals the one above it. Flat posters repeat most rows, and a print
 * poster has 3,500–5,000 of them, 3,500 pixels each: compared natively where possible (~10 % of a render worker's
 * time went to this loop while V8 still ran it unoptimised, at the start of a build).
 */
function rowComparer(px: Int32Array, width: number): (row: number) => boolean {
  if (NativeBuffer) {
    const bytes = NativeBuffer.from(px.buffer, px.byteOffset, px.byteLength);
    return (row) => bytes.compare(bytes, (row - width) * 4, row * 4, row * 4, (row + width) * 4) === 0;
  }
  return (row) => {
    for (let x = 0; x < width; x++) if (px[row + x] !== px[row - width + x]) return false;
    return true;
  };
}
