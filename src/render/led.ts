import { encodeIndexedBmp } from './bmp.ts';
import { encodeIndexedPng } from './png-indexed.ts';
import type { ColourMode } from './profiles.ts';
import { rasterisePixels } from './rasterise.ts';
import { PALETTE } from './style.ts';

// LED panels light whole dots: no anti-aliasing, and only the colours the controller can show. We rasterise with
// anti-aliasing and threshold each pixel at half coverage ourselves: that keeps strokes as thick as designed,
// where turning anti-aliasing off in the rasteriser drops thin strokes that miss pixel centres.

type Rgb = readonly [number, number, number];

const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

/** The colours of a panel, in the controllers' order: 0 black, 1 red, 2 green, 3 yellow. */
export function ledPalette(mode: ColourMode): Rgb[] {
  if (mode === 'led-red') return [hex(PALETTE.ledBlack), hex(PALETTE.ledRed)];
  if (mode === 'led-tricolour') return [hex(PALETTE.ledBlack), hex(PALETTE.ledRed), hex(PALETTE.ledGreen), hex(PALETTE.ledYellow)];
  throw new Error(`Internal error: colour mode ${mode} is not an LED mode`);
}

/** Index of each pixel: black below half coverage, else the nearest dot colour to the pixel's un-blended colour. */
export function quantise(rgba: Uint8Array, palette: readonly Rgb[]): Uint8Array {
  const out = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) {
    const r = rgba[i * 4]!;
    const g = rgba[i * 4 + 1]!;
    const b = rgba[i * 4 + 2]!;
    const cover = Math.max(r, g, b) / 255;
    if (cover < 0.5) continue;
    let best = 1;
    let bestD = Infinity;
    for (let p = 1; p < palette.length; p++) {
      const [pr, pg, pb] = palette[p]!;
      const d = (r / cover - pr) ** 2 + (g / cover - pg) ** 2 + (b / cover - pb) ** 2;
      if (d < bestD) [best, bestD] = [p, d];
    }
    out[i] = best;
  }
  return out;
}

export function encodeLed(svg: string, mode: ColourMode): { png: Uint8Array; bmp: Uint8Array; palette: string[]; indices: Uint8Array } {
  const { width, height, rgba } = rasterisePixels(svg, false);
  return encodeLedIndices(width, height, quantise(rgba, ledPalette(mode)), mode);
}

/** The palette index of a colour on a panel (the dot colours of ledPalette). */
export function ledIndex(mode: ColourMode, colour: string): number {
  const i = ledPalette(mode).findIndex((c) => c.every((v, k) => v === parseInt(colour.slice(1 + 2 * k, 3 + 2 * k), 16)));
  if (i < 0) throw new Error(`Internal error: ${colour} is not a dot colour of ${mode}`);
  return i;
}

/** PNG and BMP of an image given as palette indices of the panel's colours. */
export function encodeLedIndices(width: number, height: number, indices: Uint8Array, mode: ColourMode): { png: Uint8Array; bmp: Uint8Array; palette: string[]; indices: Uint8Array } {
  const palette = ledPalette(mode);
  return {
    indices,
    png: encodeIndexedPng(width, height, indices, palette),
    bmp: encodeIndexedBmp(width, height, indices, palette),
    palette: palette.map((c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('').toUpperCase()}`),
  };
}
