import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKitData } from '../../src/campaign/load.ts';
import type { Fonts } from '../../src/render/fonts.ts';
import type { RenderJob } from '../../src/render/job.ts';
import { SceneBuilder } from '../../src/render/layouts/scene.ts';
import { planJobs } from '../../src/render/plan.ts';
import { BLEED_MM, PRINT_CMYK, printPdf } from '../../src/render/print-pdf.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { renderJob, toSvg } from '../../src/render/render.ts';
import { PALETTE } from '../../src/render/style.ts';
import { decodePng, fontsFor, type Rgba } from '../render/helpers.ts';

// The print PDF checked with the tools a print shop's prepress uses: poppler (pdfinfo, pdftoppm), qpdf and
// Ghostscript (Debian packages poppler-utils, qpdf, ghostscript; .ci/run installs them).

const PT = 72 / 25.4;
const kit = loadKitData('data');
const campaign = kit.campaigns.find((c) => c.edition === 'national' && c.year === 2022)!;
const jobs = planJobs(campaign, kit.site, [findProfile('print-a4')!, findProfile('community-board-a3')!]);
const a4 = jobs.find((j) => j.profile.id === 'print-a4' && j.name === 'theme')!;
const a3 = jobs.find((j) => j.profile.id === 'community-board-a3' && j.name === 'slogan-01')!;

let fonts: Fonts;
let dir: string;
const rendered = new Map<string, { png: Uint8Array; pdf: Uint8Array; file: string }>();

async function render(job: RenderJob, name = job.id.replace(/\//g, '-')) {
  const r = await renderJob(job, fonts);
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, r.pdf!);
  const out = { png: r.bytes, pdf: r.pdf!, file };
  rendered.set(name, out);
  return out;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });

function boxes(file: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const line of run('pdfinfo', ['-box', file]).split('\n')) {
    const m = /^(MediaBox|CropBox|BleedBox|TrimBox|ArtBox):\s+(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim().split(/\s+/).map(Number);
  }
  return out;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** The uncompressed content streams of a PDF (qpdf --qdf), and the whole uncompressed file as text. */
function contentOf(file: string): { all: string; streams: string[] } {
  const qdf = path.join(dir, `${path.basename(file)}.qdf`);
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
  const all = readFileSync(qdf, 'latin1');
  const streams = [...all.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => m[1]!);
  return { all, streams };
}

/** Ghostscript's ink measurements: inkcov (share of the page where each ink is present) and ink_cov (amount). */
function inks(file: string, device: 'inkcov' | 'ink_cov'): number[] {
  const out = run('gs', ['-q', '-dBATCH', '-dNOPAUSE', '-dSAFER', '-r72', '-o', '-', `-sDEVICE=${device}`, file]);
  const m = /([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+CMYK OK/.exec(out);
  if (!m) throw new Error(`gs ${device}: ${out}`);
  // inkcov prints fractions; ink_cov prints percentages.
  return m.slice(1, 5).map((v) => Number(v) / (device === 'ink_cov' ? 100 : 1));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'qmkit-pdf-'));
  fonts = await fontsFor(jobs, ['质量强国', '示例黑字']);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('print PDF: page boxes (pdfinfo -box)', () => {
  it.each([
    ['A4', () => a4, [210, 297]],
    ['A3', () => a3, [297, 420]],
  ] as const)('%s: TrimBox is exactly the paper, BleedBox 3 mm more each side, MediaBox adds the slug for crop marks', async (_, job, [w, h]) => {
    const { file } = await render(job());
    const b = boxes(file);
    const inset = 12.7 * PT;
    expect(b.TrimBox).toEqual([inset, inset, inset + w * PT, inset + h * PT].map(r2));
    expect(b.BleedBox).toEqual([inset - 3 * PT, inset - 3 * PT, inset + (w + 3) * PT, inset + (h + 3) * PT].map(r2));
    expect(b.MediaBox).toEqual([0, 0, (w + 25.4) * PT, (h + 25.4) * PT].map(r2));
    // The trim really is the paper: 210 mm is 595.28 pt.
    expect(r2(b.TrimBox![2]! - b.TrimBox![0]!)).toBe(r2(w * PT));
    expect(BLEED_MM).toBe(3);
  }, 60_000);

  it('without crop marks the MediaBox is the BleedBox', async () => {
    const { file } = await render({ ...a4, printMarks: false }, 'a4-nomarks');
    const b = boxes(file);
    expect(b.MediaBox).toEqual([0, 0, 216 * PT, 303 * PT].map(r2));
    expect(b.BleedBox).toEqual(b.MediaBox);
    expect(b.TrimBox).toEqual([3 * PT, 3 * PT, 213 * PT, 300 * PT].map(r2));
  }, 60_000);
});

describe('print PDF: structure and colour', () => {
  it('passes qpdf --check', async () => {
    const { file } = rendered.get(a4.id.replace(/\//g, '-')) ?? (await render(a4));
    const out = run('qpdf', ['--check', file]);
    expect(out).toContain('No syntax or stream encoding errors found');
  });

  it('has only DeviceCMYK colour operators with palette print values, paths only: no font, no text, no image', async () => {
    for (const job of [a4, a3]) {
      const { file } = rendered.get(job.id.replace(/\//g, '-')) ?? (await render(job));
      const { all, streams } = contentOf(file);
      expect(all).not.toMatch(/\/Font\b|\/FontDescriptor|\/FontFile|\/Image\b|DeviceRGB|DeviceGray|\/CalRGB|\/ICCBased|\/Pattern|\/Shading/);
      const tokens = streams.join('\n').split(/\s+/).filter(Boolean);
      const ops = new Set(tokens.filter((t) => /^[A-Za-z'"*]+$/.test(t)));
      for (const forbidden of ['rg', 'RG', 'g', 'G', 'sc', 'SC', 'BT', 'ET', 'Tf', 'Tj', 'TJ', 'Do', 'BI', 'sh']) expect(ops.has(forbidden), `operator ${forbidden}`).toBe(false);
      // Fills and strokes are drawn (paths, not text).
      expect(ops.has('f') || ops.has('f*')).toBe(true);
      const allowed = new Set(Object.values(PRINT_CMYK).map((c) => c.map((v) => v / 100).join(' ')).concat('1 1 1 1'));
      let colours = 0;
      tokens.forEach((t, i) => {
        if (t === 'cs' || t === 'CS') expect(tokens[i - 1]).toBe('/DeviceCMYK');
        if (t === 'k' || t === 'K' || t === 'scn' || t === 'SCN') {
          const value = tokens.slice(i - 4, i).map(Number).join(' ');
          expect(allowed.has(value), `colour ${value} ${t}`).toBe(true);
          colours++;
        }
      });
      expect(colours).toBeGreaterThan(3);
      // Crop marks are stroked in registration colour (every plate).
      expect(streams.join('\n')).toMatch(/\/DeviceCMYK CS\s+1 1 1 1 SCN/);
    }
  }, 60_000);

  it('is deterministic: the same job gives the same bytes, with no creation date and an /ID that follows the content', async () => {
    const first = rendered.get(a4.id.replace(/\//g, '-')) ?? (await render(a4));
    const again = await renderJob(a4, fonts);
    expect(Buffer.compare(Buffer.from(again.pdf!), Buffer.from(first.pdf))).toBe(0);
    const text = Buffer.from(first.pdf).toString('latin1');
    expect(text).not.toMatch(/CreationDate|ModDate/);
    const id = /\/ID \[<([0-9a-f]+)> <([0-9a-f]+)>\]/.exec(text);
    expect(id?.[1]).toHaveLength(32);
    const other = await renderJob({ ...a4, printMarks: false }, fonts);
    const otherId = /\/ID \[<([0-9a-f]+)>/.exec(Buffer.from(other.pdf!).toString('latin1'))?.[1];
    expect(otherId).not.toBe(id?.[1]);
  }, 60_000);
});

/** Index of the nearest reference colour for every pixel. */
function classify(img: Rgba, refs: readonly (readonly number[])[]): Uint8Array {
  const out = new Uint8Array(img.width * img.height);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    let bestD = Infinity;
    refs.forEach((c, k) => {
      const d = (img.data[i * 4]! - c[0]!) ** 2 + (img.data[i * 4 + 1]! - c[1]!) ** 2 + (img.data[i * 4 + 2]! - c[2]!) ** 2;
      if (d < bestD) [best, bestD] = [k, d];
    });
    out[i] = best;
  }
  return out;
}

const hexRgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

function pdftoppm(file: string, args: string[]): Rgba {
  const stem = path.join(dir, `ppm-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', ...args, file, stem]);
  return decodePng(new Uint8Array(readFileSync(`${stem}.png`)));
}

describe('print PDF: what it prints', () => {
  it('pdftoppm at 300 dpi, cropped to the trim box, matches the kit PNG (≤ 0.5 % of pixels differ, all on shape edges)', async () => {
    const { file, png } = rendered.get(a4.id.replace(/\//g, '-')) ?? (await render(a4));
    const kitPng = decodePng(png);
    // The trim starts 12.7 mm = 150 px in at 300 dpi.
    const printed = pdftoppm(file, ['-x', '150', '-y', '150', '-W', String(kitPng.width), '-H', String(kitPng.height)]);
    expect([printed.width, printed.height]).toEqual([kitPng.width, kitPng.height]);
    // poppler shows CMYK with its own naive conversion, so each side is compared in palette terms: the swatches of
    // the palette as poppler renders them, against the palette's sRGB values in the PNG.
    const roles = [PALETTE.white, PALETTE.blue, PALETTE.red, PALETTE.gold];
    const swatch = new SceneBuilder(roles.length * 100, 100, PALETTE.white, fonts);
    roles.forEach((c, i) => swatch.rect({ x: i * 100, y: 0, w: 100, h: 100 }, c));
    const scene = swatch.build();
    const swatchFile = path.join(dir, 'swatch.pdf');
    writeFileSync(swatchFile, await printPdf(scene, await toSvg(scene, fonts), { trimMm: [roles.length * 100 * (25.4 / 300), 100 * (25.4 / 300)], dpi: 300, marks: false, title: 'swatch', subject: 'test' }));
    const sw = pdftoppm(swatchFile, []);
    const printedRefs = roles.map((_, i) => {
      const at = ((sw.height >> 1) * sw.width + Math.round(((i + 0.5) * sw.width) / roles.length)) * 4;
      return [sw.data[at]!, sw.data[at + 1]!, sw.data[at + 2]!];
    });
    const a = classify(printed, printedRefs);
    const b = classify(kitPng, roles.map(hexRgb));
    let diff = 0;
    let farFromEdge = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      diff++;
      // A differing pixel must sit on an edge of the PNG's own shapes (anti-aliasing), never inside a solid area.
      const x = i % kitPng.width;
      const y = Math.floor(i / kitPng.width);
      let edge = false;
      for (let dy = -2; dy <= 2 && !edge; dy++)
        for (let dx = -2; dx <= 2 && !edge; dx++) {
          const j = (y + dy) * kitPng.width + x + dx;
          if (j >= 0 && j < b.length && b[j] !== b[i]) edge = true;
        }
      if (!edge) farFromEdge++;
    }
    const share = diff / a.length;
    if (process.env.QMKIT_FIGURES) console.log(`pdftoppm vs PNG: ${diff} of ${a.length} pixels differ (${(share * 100).toFixed(3)} %)`);
    expect(share).toBeLessThan(0.005);
    expect(farFromEdge).toBe(0);
    // And the poster is really there: most of the page is paper, thousands of pixels are navy, red and gold.
    for (const k of [1, 2, 3]) expect(a.filter((v) => v === k).length).toBeGreaterThan(1000);
  }, 120_000);

  it('runs the background and rules into the bleed, and draws crop marks in the slug', async () => {
    const { file } = rendered.get(a4.id.replace(/\//g, '-')) ?? (await render(a4));
    const page = pdftoppm(file, []);
    const at = (x: number, y: number) => [0, 1, 2].map((k) => page.data[(y * page.width + x) * 4 + k]!);
    const dark = (x: number, y: number) => at(x, y).every((v) => v < 128);
    const white = (x: number, y: number) => at(x, y).every((v) => v > 240);
    // The blue band: inside the trim at the top left, and 2 mm (24 px) into the bleed to the left and above.
    expect(at(200, 250)).toEqual(at(150 - 24, 250));
    expect(at(200, 250)).toEqual(at(200, 150 - 24));
    expect(white(200, 250)).toBe(false);
    // Past the bleed (3.5 mm out) the slug is white where there is no mark.
    expect(white(150 - 41, 250)).toBe(true);
    // Crop marks on the trim lines, 4 to 11.2 mm outside the trim: top left, horizontal and vertical.
    expect(dark(150 - 80, 150)).toBe(true);
    expect(dark(150, 150 - 80)).toBe(true);
    expect(dark(150 - 80, 160)).toBe(false);
  }, 60_000);

  it('gs inkcov / ink_cov on a white-text-on-navy poster: C, M, Y and K follow the navy print value 100/85/25/15', async () => {
    const W = 2480;
    const H = 3508;
    const b = new SceneBuilder(W, H, PALETTE.blue, fonts);
    b.text('hero', '质量强国', 240, 1400, { size: 480, weight: 900, color: PALETTE.white, bg: PALETTE.blue, lineHeight: 1.2 });
    const scene = b.build();
    const svg = await toSvg(scene, fonts);
    const file = path.join(dir, 'navy.pdf');
    writeFileSync(file, await printPdf(scene, svg, { trimMm: [210, 297], dpi: 300, marks: false, title: '质量强国', subject: 'test' }));
    // Navy share of the page (the bleed box): all of the bleed ring, and the PNG's navy pixels inside the trim.
    const png = decodePng((await import('../../src/render/rasterise.ts')).rasterise(svg, W));
    const cls = classify(png, [hexRgb(PALETTE.white), hexRgb(PALETTE.blue)]);
    const navyInTrim = cls.reduce((s: number, v) => s + v, 0) / cls.length;
    const trimArea = 210 * 297;
    const bleedArea = 216 * 303;
    const navy = (bleedArea - trimArea + navyInTrim * trimArea) / bleedArea;
    expect(navy).toBeGreaterThan(0.7);
    expect(navy).toBeLessThan(0.97);
    const present = inks(file, 'inkcov');
    if (process.env.QMKIT_FIGURES) console.log(`navy share ${navy.toFixed(4)}; inkcov ${present.join(" ")}`);
    // Every ink is present wherever navy is, and nowhere else (white is no ink at all).
    for (const v of present) expect(Math.abs(v - navy)).toBeLessThan(0.01);
    const amount = inks(file, 'ink_cov');
    if (process.env.QMKIT_FIGURES) console.log(`ink_cov ${amount.join(" ")}`);
    const [c, m, y, k] = PRINT_CMYK[PALETTE.blue]!.map((v) => v / 100);
    // Cyan is laid at 100 % wherever navy is; the other inks at their share of it, exactly as in the table.
    expect(Math.abs(amount[0]! - c! * navy)).toBeLessThan(0.01);
    expect(Math.abs(amount[1]! / amount[0]! - m!)).toBeLessThan(0.005);
    expect(Math.abs(amount[2]! / amount[0]! - y!)).toBeLessThan(0.005);
    expect(Math.abs(amount[3]! / amount[0]! - k!)).toBeLessThan(0.005);
  }, 120_000);

  it('prints black text with K only, never four-colour black', async () => {
    const b = new SceneBuilder(1200, 600, PALETTE.white, fonts);
    b.text('hero', '示例黑字', 100, 100, { size: 200, weight: 900, color: '#000000', bg: PALETTE.white });
    const scene = b.build();
    const file = path.join(dir, 'black.pdf');
    writeFileSync(file, await printPdf(scene, await toSvg(scene, fonts), { trimMm: [1200 * (25.4 / 300), 600 * (25.4 / 300)], dpi: 300, marks: false, title: '示例', subject: 'test' }));
    const [c, m, y, k] = inks(file, 'ink_cov');
    expect([c, m, y]).toEqual([0, 0, 0]);
    expect(k!).toBeGreaterThan(0.02);
  }, 60_000);

  it('refuses a colour that has no print value', async () => {
    const b = new SceneBuilder(300, 300, '#123456', fonts);
    const scene = b.build();
    await expect(printPdf(scene, await toSvg(scene, fonts), { trimMm: [25.4, 25.4], dpi: 300, marks: false, title: 't', subject: 't' })).rejects.toThrow(/#123456 has no print value/);
  });
});
