import { Resvg } from '@resvg/resvg-js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planJobs } from '../../src/render/plan.ts';
import { nodePlatform } from '../../src/render/platform-node.ts';
import { resvgOptions } from '../../src/render/platform.ts';
import { encodePalettePng, pakoRle, paletteScanlines } from '../../src/render/rasterise.ts';
import { layoutJob, toSvg } from '../../src/render/render.ts';
import { fontsFor, sampleCampaign, SITE } from './helpers.ts';

// Issue 12: the browser compresses palette PNGs with pako, Node with node:zlib. Both must write the same bytes, so
// the maker's PNGs match the CLI's: checked here on real poster scanlines and on synthetic worst cases, on whatever
// Node version runs the tests.

/** A deterministic pseudo-random byte stream (xorshift). */
function noise(n: number, seed: number, alphabet = 256): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % alphabet;
  }
  return out;
}

describe('node:zlib and pako write the same Z_RLE streams', () => {
  const synthetic: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['zeros, 5 MB', new Uint8Array(5_000_000)],
    ['random bytes, 1 MB', noise(1_000_000, 1)],
    ['few symbols with runs, 2 MB', (() => { const n = noise(2_000_000, 7, 5); for (let i = 0; i < n.length; i += 97) n.fill(n[i]!, i, i + 60); return n; })()],
  ];
  it.each(synthetic)('%s', (_, data) => {
    expect(Buffer.from(nodePlatform.deflateRle!(data)).equals(Buffer.from(pakoRle(data)))).toBe(true);
  });

  it('on the scanlines of real posters, and the whole PNG', async () => {
    const jobs = planJobs(sampleCampaign(), SITE).filter((j) => j.n === 1 && ['share-moments', 'print-a4', 'school-screen'].includes(j.profile.id));
    expect(jobs).toHaveLength(3);
    const fonts = await fontsFor(jobs);
    for (const job of jobs) {
      const image = nodePlatform.rasterise(await toSvg(layoutJob(job, fonts), fonts), job.width);
      const scan = paletteScanlines(image.width, image.height, image.rgba)!;
      expect([job.id, Buffer.from(nodePlatform.deflateRle!(scan.scanlines)).equals(Buffer.from(pakoRle(scan.scanlines)))]).toEqual([job.id, true]);
      const fast = encodePalettePng(image.width, image.height, image.rgba, nodePlatform.deflateRle)!;
      const pure = encodePalettePng(image.width, image.height, image.rgba)!;
      expect(Buffer.from(fast).equals(Buffer.from(pure))).toBe(true);
    }
  }, 120_000);
});

describe('resvg without its copy of every pixmap', () => {
  // resvg-js 2.6.2 "crops" each pixmap it draws to its own full size, i.e. copies it; resvgOptions turns that off.
  /** resvgOptions as they were before, without the empty crop rectangle. */
  const plainOptions = (width?: number): ConstructorParameters<typeof Resvg>[1] => ({
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    font: { loadSystemFonts: false },
    logLevel: 'off',
  });
  const poster = `<svg xmlns="http://www.w3.org/2000/svg" width="3508" height="4961"><rect width="3508" height="4961" fill="#FFFFFF"/><circle cx="1754" cy="2480" r="1500" fill="#0B2F6B"/><path d="M100 100 L3400 4800" stroke="#F3C14B" stroke-width="9.5"/></svg>`;

  it.each([undefined, 360])('gives the same pixels (width %s)', (width) => {
    const ours = new Resvg(poster, resvgOptions(width)).render();
    const plain = new Resvg(poster, plainOptions(width)).render();
    expect([ours.width, ours.height]).toEqual([plain.width, plain.height]);
    expect(Buffer.compare(ours.pixels, plain.pixels)).toBe(0);
  });

  it.runIf(existsSync('/proc/self/clear_refs'))('holds one pixmap while it draws an A3 poster, not two', () => {
    const pixmap = 3508 * 4961 * 4; // 70 MB
    /** A size in /proc/self/status (VmRSS, VmHWM), in bytes. */
    const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
    const drawnPeak = (options: ConstructorParameters<typeof Resvg>[1]) => {
      const resvg = new Resvg(poster, options);
      writeFileSync('/proc/self/clear_refs', '5'); // resets the peak to the current RSS
      const from = status('VmRSS');
      resvg.render();
      return status('VmHWM') - from;
    };
    expect(drawnPeak(resvgOptions())).toBeLessThan(1.4 * pixmap);
    // The same poster without the option peaks at two pixmaps: what the assertion above tells apart.
    expect(drawnPeak(plainOptions())).toBeGreaterThan(1.6 * pixmap);
  });
});

describe('encodePalettePng', () => {
  /** An opaque image of a few colours in stripes and noise, `seed` choosing which. */
  function image(width: number, height: number, seed: number): Uint8Array {
    const colours = [[255, 255, 255], [11, 47, 107], [243, 193, 75], [200, 16, 46]];
    const picks = noise(width * height, seed, colours.length);
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const row = Math.floor(i / width);
      rgba.set([...colours[row % 7 === 0 ? 0 : picks[i]!]!, 255], i * 4);
    }
    return rgba;
  }

  it('writes the same bytes whatever it encoded before (it keeps its scanline buffer)', () => {
    /** The zlib stream of scanlines made in a new buffer. */
    const fresh = (w: number, h: number, rgba: Uint8Array) => Buffer.from(pakoRle(paletteScanlines(w, h, rgba)!.scanlines));
    const big = image(900, 700, 3);
    const small = image(300, 200, 5);
    const first = encodePalettePng(900, 700, big)!;
    const between = encodePalettePng(300, 200, small)!;
    const again = encodePalettePng(900, 700, big)!;
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    // And each is the PNG of a scanline buffer made new for it.
    expect(Buffer.from(between).includes(fresh(300, 200, small))).toBe(true);
    expect(Buffer.from(first).includes(fresh(900, 700, big))).toBe(true);
  });
});
