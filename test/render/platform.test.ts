import { describe, expect, it } from 'vitest';
import { planJobs } from '../../src/render/plan.ts';
import { nodePlatform } from '../../src/render/platform-node.ts';
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
