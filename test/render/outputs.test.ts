import { nodePlatform } from '../../src/render/platform-node.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderJob } from '../../src/render/job.ts';
import { ledPalette } from '../../src/render/led.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES, findProfile } from '../../src/render/profiles.ts';
import { renderJob, type RenderResult } from '../../src/render/render.ts';
import { THUMB_MAX_PX } from '../../src/render/plan.ts';
import { decodeJsQr, decodePng, decodeZxing, distinctColours, downscale, fontsFor, LOCAL_SITE, parseBmp, sampleCampaign, SITE } from './helpers.ts';

// One render of a sample campaign (theme + 2 slogans, the longest 20 characters with 、) on every profile,
// shared by every assertion below; print sizes are rendered once here, never per test.

const campaign = sampleCampaign();
const jobs = planJobs(campaign, SITE);
const results = new Map<string, RenderResult>();

beforeAll(async () => {
  const fonts = await fontsFor(jobs);
  for (const job of jobs) results.set(job.id, await renderJob(job, fonts, nodePlatform));
}, 240_000);

const result = (job: RenderJob) => results.get(job.id)!;
const byLayout = (layout: string) => jobs.filter((j) => j.profile.layout === layout);
const hex = (c: readonly number[]) => c.map((v) => v.toString(16).padStart(2, '0')).join('');

describe('every image', () => {
  it('covers every profile with the theme and every slogan', () => {
    for (const p of PROFILES) {
      const mine = jobs.filter((j) => j.profile.id === p.id);
      expect(mine.some((j) => j.n === undefined), p.id).toBe(true);
      for (const n of [1, 2]) expect(mine.some((j) => j.n === n), `${p.id} slogan ${n}`).toBe(true);
    }
  });

  it.each(jobs.map((j) => [j.id, j] as const))('%s is exactly its planned size (the profile’s, or the strip’s)', (_, job) => {
    const img = decodePng(result(job).bytes);
    expect([img.width, img.height]).toEqual([job.width, job.height]);
    if (job.kind !== 'led-strip') expect([img.width, img.height]).toEqual([job.profile.width, job.profile.height]);
    else expect(img.height).toBe(job.profile.height);
  });

  it.each(jobs.map((j) => [j.id, j] as const))('%s: every text box inside the safe area, at least the minimum size, at the required contrast', (_, job) => {
    const r = result(job);
    const safe = job.profile.layout === 'led' ? { top: 0, right: 0, bottom: 0, left: 0 } : job.profile.safe;
    expect(r.boxes.length).toBeGreaterThan(0);
    for (const b of r.boxes) {
      expect(b.x, b.text).toBeGreaterThanOrEqual(safe.left - 0.5);
      expect(b.y, b.text).toBeGreaterThanOrEqual(safe.top - 0.5);
      expect(b.x + b.w, b.text).toBeLessThanOrEqual(job.width - safe.right + 0.5);
      expect(b.y + b.h, b.text).toBeLessThanOrEqual(job.height - safe.bottom + 0.5);
      expect(b.fontSize, b.text).toBeGreaterThanOrEqual(job.profile.minCharPx);
    }
    expect(r.contrast.pairs.length).toBeGreaterThan(0);
    for (const p of r.contrast.pairs) expect(p.ratio, `${p.role} ${p.fg} on ${p.bg}`).toBeGreaterThanOrEqual(r.contrast.required);
  });

  it.each(jobs.map((j) => [j.id, j] as const))('%s shows 示例 (sample data)', (_, job) => {
    expect(result(job).boxes.map((b) => b.text).join('|')).toContain('示例');
  });

  it.each(jobs.filter((j) => j.thumbPath).map((j) => [j.id, j] as const))('%s has a thumbnail ≤ 360 px wide, same aspect', (_, job) => {
    const t = decodePng(result(job).thumb!);
    expect(t.width).toBeLessThanOrEqual(THUMB_MAX_PX);
    expect(Math.abs(t.height / t.width - job.height / job.width)).toBeLessThan(0.02);
  });

  it.each(jobs.filter((j) => j.profile.layout !== 'led').map((j) => [j.id, j] as const))('%s: the hero lines re-join to the text and obey clreq', async (_, job) => {
    const { clreqViolation, joinLines } = await import('../../src/render/line-break.ts');
    const lines = result(job).heroLines;
    expect(joinLines(job.text, lines)).toBe(job.text);
    expect(clreqViolation(lines)).toBeUndefined();
  });
});

describe('share cards', () => {
  const cards = jobs.filter((j) => j.profile.qr);

  it('are exactly the share-* profiles, each with its page’s URL', () => {
    expect(new Set(cards.map((j) => j.profile.id))).toEqual(new Set(PROFILES.filter((p) => p.id.startsWith('share-')).map((p) => p.id)));
    for (const j of jobs) expect(j.url === null).toBe(!j.profile.qr);
    expect(cards.find((j) => j.n === 2)!.url).toBe('https://zlyue.example.gov.cn/national/2024/s/2/');
    expect(cards.find((j) => j.n === undefined)!.url).toBe('https://zlyue.example.gov.cn/national/2024/');
  });

  it.each(cards.map((j) => [j.id, j] as const))('%s decodes to its exact URL with jsQR and @zxing/library', (_, job) => {
    const img = decodePng(result(job).bytes);
    expect(decodeJsQr(img)).toBe(job.url);
    expect(decodeZxing(img)).toBe(job.url);
    const qr = result(job).qr!;
    expect(qr.modulePx).toBeGreaterThanOrEqual(5);
    expect(Number.isInteger(qr.modulePx) && Number.isInteger(qr.x) && Number.isInteger(qr.y)).toBe(true);
  });

  it.each(cards.filter((j) => j.width >= 1000).map((j) => [j.id, j] as const))('%s still decodes after a 50 %% downscale', (_, job) => {
    const img = downscale(decodePng(result(job).bytes), 2);
    expect(decodeJsQr(img)).toBe(job.url);
    expect(decodeZxing(img)).toBe(job.url);
  });

  it.each(cards.map((j) => [j.id, j] as const))('%s prints the URL without its scheme, and its quiet zone is light', (_, job) => {
    const r = result(job);
    expect(r.boxes.filter((b) => b.role === 'url').map((b) => b.text).join('')).toBe(job.url!.replace('https://', ''));
    // The 4-module quiet zone around the code is all light pixels.
    const img = decodePng(r.bytes);
    const q = r.qr!;
    const quiet = 4 * q.modulePx;
    for (let y = q.y; y < q.y + q.h; y++)
      for (let x = q.x; x < q.x + q.w; x++) {
        if (x >= q.x + quiet && x < q.x + q.w - quiet && y >= q.y + quiet && y < q.y + q.h - quiet) continue;
        const i = (y * img.width + x) * 4;
        expect(img.data[i]! + img.data[i + 1]! + img.data[i + 2]!, `(${x},${y})`).toBeGreaterThan(700);
      }
  });

  it.each(cards.filter((j) => j.profile.layout === 'cover').map((j) => [j.id, j] as const))('%s: the hero reads inside the centre square crop', (_, job) => {
    const x0 = (job.width - job.height) / 2;
    for (const b of result(job).boxes.filter((b) => b.role === 'hero')) {
      expect(b.x).toBeGreaterThanOrEqual(x0);
      expect(b.x + b.w).toBeLessThanOrEqual(x0 + job.height);
    }
  });

  it('are marked 预览 when the base URL is missing, and still decode', async () => {
    const local = planJobs(campaign, LOCAL_SITE, [findProfile('share-miniprogram')!]);
    const fonts = await fontsFor(local);
    for (const job of local) {
      expect(job.preview).toBe(true);
      const r = await renderJob(job, fonts, nodePlatform);
      expect(r.boxes.some((b) => b.text === '预览')).toBe(true);
      expect(decodeJsQr(decodePng(r.bytes))).toBe(job.url);
      expect(job.url).toMatch(/^http:\/\/localhost:8080\/national\/2024\//);
    }
  });
});

describe('LED panels', () => {
  const led = byLayout('led');

  it.each(led.map((j) => [j.id, j] as const))('%s uses only the panel’s colours, in the PNG and the BMP', (_, job) => {
    const r = result(job);
    const allowed = new Set(ledPalette(job.profile.colourMode).map(hex));
    const png = distinctColours(decodePng(r.bytes));
    for (const c of png) expect(allowed.has(c), c).toBe(true);
    // Text was drawn: black and exactly one dot colour.
    expect(png.size).toBe(2);
    const bmp = parseBmp(r.bmp!);
    expect(distinctColours(bmp.img)).toEqual(png);
    // The BMP shows exactly the PNG's pixels.
    expect(Buffer.from(bmp.img.data).equals(Buffer.from(decodePng(r.bytes).data))).toBe(true);
  });

  it.each(led.map((j) => [j.id, j] as const))('%s: BMP header (BITMAPINFOHEADER, indexed, bottom-up, 4-byte rows)', (_, job) => {
    const r = result(job);
    const { header, palette } = parseBmp(r.bmp!);
    const colours = job.profile.colourMode === 'led-red' ? 2 : 4;
    const bits = colours === 2 ? 1 : 4;
    const stride = Math.ceil((job.width * bits) / 32) * 4;
    expect(header).toEqual({
      magic: 0x424d,
      fileSize: r.bmp!.byteLength,
      offset: 14 + 40 + colours * 4,
      infoSize: 40,
      width: job.width,
      height: job.height,
      planes: 1,
      bits,
      compression: 0,
      imageSize: stride * job.height,
      colours,
    });
    expect(r.bmp!.byteLength).toBe(14 + 40 + colours * 4 + stride * job.height);
    expect(palette[0]).toBe('000000');
    expect(palette[1]).toBe('FF0000');
  });

  it.each(led.filter((j) => j.kind === 'led-page').map((j) => [j.id, j] as const))('%s: characters at least 16 dots, lines within the panel', (_, job) => {
    for (const b of result(job).boxes) {
      expect(b.fontSize).toBeGreaterThanOrEqual(16);
      expect(b.x + b.w).toBeLessThanOrEqual(job.width + 0.5);
    }
  });
});

describe('determinism', () => {
  it.each(['landscape', 'portrait', 'ultrawide', 'square', 'cover', 'led'].map((l) => [l] as const))('%s: the same job gives the same bytes', async (layout) => {
    const job = byLayout(layout)[1]!;
    const fonts = await fontsFor(jobs);
    const again = await renderJob(job, fonts, nodePlatform);
    expect(Buffer.from(again.bytes).equals(Buffer.from(result(job).bytes))).toBe(true);
    if (again.bmp) expect(Buffer.from(again.bmp).equals(Buffer.from(result(job).bmp!))).toBe(true);
  });
});
