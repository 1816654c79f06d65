import * as gifenc from 'gifenc';

// gifenc's Node entry is CommonJS (its exports arrive as the default export); its ESM entry, which bundlers pick,
// exports GIFEncoder by name.
const GIFEncoder = gifenc.GIFEncoder ?? (gifenc as unknown as { default: typeof gifenc }).default.GIFEncoder;

// The scrolling GIF of an LED strip (issue 13): the panel's own size, the strip entering from the right and
// leaving on the left, holding still on each full page, looping for ever. Controller software that plays GIFs
// shows it 1:1. Encoder: gifenc (kept, MIT); 1-bit for single-colour panels, 2-bit for red/green/yellow ones.

/** Time per frame: 40 ms (25 frames a second; GIF delays are whole hundredths, and < 20 ms is clamped by players). */
export const SCROLL_FRAME_MS = 40;
/** How long each full page holds still. */
export const PAGE_PAUSE_MS = 2000;

/** Dots moved per frame: 1/16 of the character height (2 dots for 32-dot characters, 4 for 64-dot ones). */
export const scrollStep = (cell: number) => Math.max(1, Math.round(cell / 16));

/** Scrolling speed in dots per second for characters `cell` dots high: 50 dots/s at 32 dots, 100 at 64. */
export const scrollDotsPerSecond = (cell: number) => (scrollStep(cell) * 1000) / SCROLL_FRAME_MS;

const isSpace = (ch: string) => ch === ' ' || ch === '\u3000';

/**
 * Where the panel pauses: the left edge of the window onto the strip, for each page of whole characters. `bounds`
 * holds the x of each character's start in the strip and, last, the end of the text; a page starts at its first
 * character and takes as many whole characters as fit the panel, up to the next space. (A strip of Chinese
 * characters is on a grid of whole characters, so its pages show no cut character.)
 */
export function pageStops(bounds: readonly number[], text: string, panelWidth: number): number[] {
  const chars = [...text];
  const stops: number[] = [];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && isSpace(chars[i]!)) i++;
    if (i >= chars.length) break;
    let j = i + 1;
    // A page ends at a space: each half of a slogan starts its own page, as on the LED pages.
    while (j < chars.length && !isSpace(chars[j]!) && bounds[j + 1]! - bounds[i]! <= panelWidth) j++;
    stops.push(Math.round(bounds[i]!));
    i = j;
  }
  return stops;
}

/** Window offsets of every frame: from fully off the right edge to fully off the left, every stop included. */
export function scrollOffsets(stripWidth: number, panelWidth: number, step: number, stops: readonly number[]): { offset: number; pause: boolean }[] {
  const set = new Set<number>();
  for (let o = -panelWidth; o < stripWidth; o += step) set.add(o);
  set.add(stripWidth);
  const pauses = new Set(stops);
  for (const s of stops) set.add(s);
  return [...set].sort((a, b) => a - b).map((offset) => ({ offset, pause: pauses.has(offset) }));
}

/** The panel-sized window of a strip (palette indices) whose left edge is at `offset`; outside the strip is dark (0). */
export function stripWindow(strip: Uint8Array, stripWidth: number, height: number, offset: number, panelWidth: number): Uint8Array {
  const out = new Uint8Array(panelWidth * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < panelWidth; x++) {
      const sx = offset + x;
      if (sx >= 0 && sx < stripWidth) out[y * panelWidth + x] = strip[y * stripWidth + sx]!;
    }
  return out;
}

export function scrollingGif(
  strip: { readonly width: number; readonly height: number; readonly indices: Uint8Array },
  panelWidth: number,
  palette: readonly (readonly [number, number, number])[],
  o: { readonly step: number; readonly stops: readonly number[] },
): Uint8Array {
  const gif = GIFEncoder();
  const colorDepth = 2; // LZW minimum code size: 2 bits covers the 2- and 4-colour panel palettes
  scrollOffsets(strip.width, panelWidth, o.step, o.stops).forEach(({ offset, pause }, i) => {
    const frame = stripWindow(strip.indices, strip.width, strip.height, offset, panelWidth);
    gif.writeFrame(frame, panelWidth, strip.height, { delay: pause ? PAGE_PAUSE_MS : SCROLL_FRAME_MS, colorDepth, ...(i === 0 ? { palette: palette.map((c) => [...c]), repeat: 0 } : {}) });
  });
  gif.finish();
  return gif.bytes();
}
