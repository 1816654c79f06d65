import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GifReader } from 'omggif';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKitData } from '../../src/campaign/load.ts';
import { renderAndAudit } from '../../src/kit/render-task.ts';
import { DOT_CELL, dotCodePoints, dotGlyph, hasDotGlyph, usesDotGlyphs } from '../../src/render/dot-font.ts';
import type { Fonts } from '../../src/render/fonts.ts';
import type { RenderJob } from '../../src/render/job.ts';
import { PAGE_PAUSE_MS, SCROLL_FRAME_MS, scrollDotsPerSecond, scrollStep } from '../../src/render/led-gif.ts';
import { planJobs } from '../../src/render/plan.ts';
import { nodePlatform } from '../../src/render/platform-node.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { renderJob } from '../../src/render/render.ts';
import { PALETTE } from '../../src/render/style.ts';
import { createRenderer } from '../../src/kit/renderer.ts';
import { decodePng, fontsFor, parseBmp, sampleCampaign, SITE, type Rgba } from './helpers.ts';

// Dot-matrix LED glyphs (GNU Unifont 16×16, issue 13) and the scrolling GIFs.

const kit = loadKitData('data');
const campaign = kit.campaigns.find((c) => c.edition === 'national' && c.year === 2022)!;
const SIXTEEN = ['community-led-128x32', 'transit-bus-led'] as const;
const jobs = planJobs(campaign, kit.site, [...SIXTEEN, 'community-led'].map((id) => findProfile(id)!));
const HAN = gb2312Han();
/** 320 characters spread over the whole of GB 2312's Han block. */
const SAMPLE = Array.from({ length: 320 }, (_, i) => String.fromCodePoint(HAN[Math.floor((i * HAN.length) / 320)]!));
let fonts: Fonts;
beforeAll(async () => {
  fonts = await fontsFor(jobs, ['冇', SAMPLE.join('')]);
}, 120_000);

/** GB 2312's Han characters, from its EUC-CN byte pairs (rows 0xB0–0xF7; 0xD7FA–0xD7FE are unassigned). */
function gb2312Han(): number[] {
  const gbk = new TextDecoder('gbk');
  const out: number[] = [];
  for (let hi = 0xb0; hi <= 0xf7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) if (!(hi === 0xd7 && lo >= 0xfa)) out.push(gbk.decode(new Uint8Array([hi, lo])).codePointAt(0)!);
  return out;
}

const hex = (rgba: Rgba, i: number) => `#${[0, 1, 2].map((k) => rgba.data[i * 4 + k]!.toString(16).padStart(2, '0')).join('').toUpperCase()}`;

describe('the dot glyph table', () => {
  it('holds all 6,763 Han characters of GB 2312, printable ASCII and the punctuation slogans use, compactly', () => {
    const han = gb2312Han();
    expect(new Set(han).size).toBe(6763);
    expect(han.filter((cp) => !hasDotGlyph(cp))).toEqual([]);
    for (let cp = 0x21; cp <= 0x7e; cp++) expect(dotGlyph(cp)?.width, `U+${cp.toString(16)}`).toBe(8);
    for (const ch of '，。、；：！？“”‘’《》（）「」【】—…·　') expect(hasDotGlyph(ch.codePointAt(0)!), ch).toBe(true);
    expect(dotGlyph('质'.codePointAt(0)!)?.width).toBe(16);
    // Every character of every slogan and theme in data/.
    for (const c of kit.campaigns) for (const t of [c.theme, ...c.slogans]) for (const ch of t) expect(hasDotGlyph(ch.codePointAt(0)!), ch).toBe(true);
    // 32 bytes a glyph, base64: about 360 KB of source for 7,600 glyphs.
    expect(dotCodePoints().length).toBeGreaterThan(7400);
    expect(statSync(new URL('../../src/render/unifont/glyphs.ts', import.meta.url)).size).toBeLessThan(400_000);
  });

  // The script reads GB 2312 through TextDecoder, whose mapping comes with Node's ICU: Node 22/24 map 13 more
  // symbols than Node 20, with which the committed table was made. So the regeneration is compared on Node 20 only
  // (CI runs the suite on Node 20 first); the coverage and dot-for-dot tests run on every version.
  it.runIf(process.versions.node.startsWith('20.'))('is what scripts/unifont-table.mjs makes from Debian\'s unifont.hex (on Node 20)', () => {
    const hexFile = '/usr/share/unifont/unifont.hex';
    if (!existsSync(hexFile)) throw new Error('Debian package unifont is not installed (apt-get install unifont; .ci/run does it)');
    const dir = mkdtempSync(path.join(tmpdir(), 'qmkit-unifont-'));
    try {
      const out = path.join(dir, 'glyphs.ts');
      execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/unifont-table.mjs', import.meta.url)), hexFile, out]);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(new URL('../../src/render/unifont/glyphs.ts', import.meta.url), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('matches Unifont: 中 as drawn in unifont.hex (4E2D)', () => {
    // 4E2D:01000100010001003FF8210821082108210821083FF821080100010001000100
    const rows = '01000100010001003FF8210821082108210821083FF821080100010001000100'.match(/.{4}/g)!.map((h) => parseInt(h, 16));
    expect(dotGlyph(0x4e2d)?.rows).toEqual(rows);
  });
});

/** A page job of the 128×32 bus panel showing two lines of up to 8 characters. */
function pageJob(lines: string[]): RenderJob {
  const base = jobs.find((j) => j.profile.id === 'transit-bus-led' && j.kind === 'led-page' && j.n !== undefined && usesDotGlyphs(j))!;
  return { ...base, text: lines.join(''), fullText: lines.join(''), led: { cell: DOT_CELL, lines, margin: 0 } };
}

describe('dot glyph rendering', () => {
  it('draws a few hundred table characters dot for dot as the table holds them, in exactly the panel colours', async () => {
    const sample = SAMPLE;
    let checked = 0;
    for (let i = 0; i < sample.length; i += 16) {
      const lines = [sample.slice(i, i + 8).join(''), sample.slice(i + 8, i + 16).join('')];
      const job = pageJob(lines);
      const r = await renderJob(job, fonts, nodePlatform);
      const img = decodePng(r.bytes);
      expect([img.width, img.height]).toEqual([128, 32]);
      for (let row = 0; row < 2; row++)
        [...lines[row]!].forEach((ch, col) => {
          const g = dotGlyph(ch.codePointAt(0)!)!;
          for (let y = 0; y < 16; y++)
            for (let x = 0; x < 16; x++) {
              const lit = (g.rows[y]! & (0x8000 >> x)) !== 0;
              expect(hex(img, (row * 16 + y) * 128 + col * 16 + x)).toBe(lit ? PALETTE.ledRed : PALETTE.ledBlack);
            }
          checked++;
        });
    }
    expect(checked).toBe(320);
  }, 120_000);

  it('a character missing from the table is the missing-glyph error with its U+ code', async () => {
    expect(hasDotGlyph('冇'.codePointAt(0)!)).toBe(false);
    expect(fonts.has('冇'.codePointAt(0)!)).toBe(true);
    await expect(renderJob(pageJob(['质量冇']), fonts, nodePlatform)).rejects.toThrow(/口号「质量冇」含字体不支持的字符 冇 \(U\+5187\)/);
  });

  it('a build stops before anything renders when 16-dot LED text has a character the table lacks', async () => {
    const c = sampleCampaign({ slogans: ['质量冇 强国'] });
    await expect(createRenderer([c], SITE, [findProfile('transit-bus-led')!], 1)).rejects.toThrow(/口号「示例：质量冇 强国」含字体不支持的字符 冇 \(U\+5187\)/);
  });

  it.each(SIXTEEN)('every 2022 page on %s is drawn from dot glyphs, passes the audit, and its BMP equals its PNG dot for dot', async (profile) => {
    const pages = jobs.filter((j) => j.profile.id === profile && j.kind === 'led-page' && j.led!.cell === DOT_CELL);
    // Every slogan and the theme has pages at 16 dots on a 128×32 panel.
    expect(new Set(pages.map((j) => j.n ?? 0)).size).toBe(campaign.slogans.length + 1);
    for (const job of pages) {
      expect(usesDotGlyphs(job)).toBe(true);
      const result = await renderAndAudit(job, fonts);
      const audit = (result.meta as { audit: { ok: boolean; rules: { rule: string; ok: boolean; detail: string }[] } }).audit;
      expect(audit.rules.filter((r) => !r.ok), job.id).toEqual([]);
      const png = decodePng(result.files.png!);
      const bmp = parseBmp(result.files.bmp!);
      expect(bmp.header.bits).toBe(1);
      expect(Buffer.compare(Buffer.from(bmp.img.data), Buffer.from(png.data))).toBe(0);
    }
  }, 240_000);

  it('keeps the vector font for characters larger than 16 dots', () => {
    const big = jobs.filter((j) => j.profile.layout === 'led' && j.led!.cell > DOT_CELL);
    expect(big.length).toBeGreaterThan(0);
    expect(big.some(usesDotGlyphs)).toBe(false);
  });
});

/** Every frame of a GIF as RGBA, with its delay in ms. */
function gifFrames(bytes: Uint8Array): { width: number; height: number; loop: number | null; frames: { rgba: Uint8Array; delay: number }[]; tableSize: number } {
  const reader = new GifReader(Buffer.from(bytes));
  const frames = Array.from({ length: reader.numFrames() }, (_, i) => {
    const rgba = new Uint8Array(reader.width * reader.height * 4);
    reader.decodeAndBlitFrameRGBA(i, rgba);
    return { rgba, delay: reader.frameInfo(i).delay * 10 };
  });
  // Logical screen descriptor: the global colour table holds 2^(n+1) colours.
  return { width: reader.width, height: reader.height, loop: reader.loopCount(), frames, tableSize: 2 ** ((bytes[10]! & 7) + 1) };
}

/** The panel-wide window of a strip whose left edge is at `offset` (dark outside the strip). */
function windowOf(strip: Rgba, offset: number, width: number): Uint8Array {
  const out = new Uint8Array(width * strip.height * 4);
  for (let y = 0; y < strip.height; y++)
    for (let x = 0; x < width; x++) {
      const sx = offset + x;
      const o = (y * width + x) * 4;
      if (sx >= 0 && sx < strip.width) out.set(strip.data.subarray((y * strip.width + sx) * 4, (y * strip.width + sx) * 4 + 4), o);
      else out.set([0, 0, 0, 255], o);
    }
  return out;
}

describe('scrolling GIF strips', () => {
  it.each(['transit-bus-led', 'community-led'])('the longest 2022 slogan on %s scrolls right to left without a torn frame, pausing on whole pages, looping', async (profileId) => {
    const longest = Math.max(...campaign.slogans.map((s) => [...s].length));
    const job = jobs.find((j) => j.profile.id === profileId && j.kind === 'led-strip' && [...j.text].length === longest)!;
    const r = await renderJob(job, fonts, nodePlatform);
    const strip = decodePng(r.bytes);
    const gif = gifFrames(r.gif!);
    const panel = job.profile;
    expect([gif.width, gif.height]).toEqual([panel.width, panel.height]);
    expect(gif.loop).toBe(0); // for ever
    expect(gif.tableSize).toBe(panel.colourMode === 'led-red' ? 2 : 4);
    const step = scrollStep(job.led!.cell);
    let previous = -Infinity;
    const pauses: number[] = [];
    for (const [i, frame] of gif.frames.entries()) {
      // Each frame is exactly one window onto the strip PNG; find it from the previous one (the scroll only goes left).
      let found: number | undefined;
      const [lo, hi] = i === 0 ? [-panel.width, -panel.width] : [previous + 1, previous + step];
      // The furthest match: a dark frame matches every dark window, and the scroll moves a whole step between frames.
      for (let o = hi; o >= lo && found === undefined; o--) if (Buffer.compare(Buffer.from(windowOf(strip, o, panel.width)), Buffer.from(frame.rgba)) === 0) found = o;
      expect(found, `frame ${i} is a window of the strip`).toBeDefined();
      if (i > 0) expect(found!).toBeGreaterThan(previous);
      previous = found!;
      expect([SCROLL_FRAME_MS, PAGE_PAUSE_MS]).toContain(frame.delay);
      if (frame.delay === PAGE_PAUSE_MS) pauses.push(found!);
      // Only the panel's colours.
      const colours = new Set<string>();
      for (let p = 0; p < panel.width * panel.height; p++) colours.add([0, 1, 2].map((k) => frame.rgba[p * 4 + k]).join(','));
      expect(colours.size).toBeLessThanOrEqual(panel.colourMode === 'led-red' ? 2 : 4);
    }
    // Enters from the right (first frame dark) and leaves on the left (last frame dark).
    expect(previous).toBe(strip.width);
    expect(gif.frames[0]!.rgba.every((v, i) => i % 4 === 3 || v === 0)).toBe(true);
    // A pause for each page of whole characters: the text's characters (less the space) split in pages of
    // panel-width/cell characters, each half of the slogan starting its own page.
    const perPage = Math.floor(panel.width / job.led!.cell);
    const halves = job.text.split(' ').map((h) => Math.ceil([...h].length / perPage));
    expect(pauses).toHaveLength(halves.reduce((a, b) => a + b, 0));
    // The documented speed: 50 dots/s for 32-dot characters, 100 for 64-dot ones.
    expect(scrollDotsPerSecond(job.led!.cell)).toBe(job.led!.cell === 32 ? 50 : 100);
  }, 240_000);
});
