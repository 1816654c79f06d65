import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { nodePlatform } from '../../src/render/platform-node.ts';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.ts';
import { checkedChars, checkGlyphs, FIXED_CHARS } from '../../src/render/fonts.ts';
import { buildFonts, FONT_FILES, fontDigests, subsetFonts } from '../../src/render/fonts-node.ts';
import { startSubsetter } from '../../src/render/subsetter.ts';
import { SceneBuilder } from '../../src/render/layouts/scene.ts';
import { planJobs } from '../../src/render/plan.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { jobTexts, renderJob, toSvg } from '../../src/render/render.ts';
import { fontFiles, fontsFor, sampleCampaign, SITE } from './helpers.ts';

const screen = [findProfile('school-screen')!];

describe('glyph coverage is checked before anything renders', () => {
  it.each([
    [{ slogans: ['质量𓀀强国'] }, '口号「质量𓀀强国」含字体不支持的字符 𓀀 (U+13000)'],
    [{ theme: '质量𓀀强国' }, '主题「质量𓀀强国」含字体不支持的字符 𓀀 (U+13000)'],
    [{ slogans: ['质量强国 🏭 建设'] }, '口号「质量强国 🏭 建设」含字体不支持的字符 🏭 (U+1F3ED)'],
    [{ issuer: '市场监管总局\u{20000}' }, '发布单位「市场监管总局\u{20000}」含字体不支持的字符 \u{20000} (U+20000)'],
  ])('%j fails with the text, the character and its U+ code', async (over, message) => {
    const jobs = planJobs(sampleCampaign(over), SITE, screen);
    const build = buildFonts(jobs.flatMap(jobTexts), fontFiles());
    await expect(build).rejects.toThrow(RenderError);
    await expect(build).rejects.toThrow(new RenderError(message));
  });

  it('checkGlyphs accepts what the font has, including the slogan space', () => {
    expect(() => checkGlyphs('口号', '建设质量强国 共享美好生活，。、“”（）《》—…', fontFiles().covers)).not.toThrow();
  });

  it('renderJob refuses a character the build’s subset does not hold, instead of drawing tofu', async () => {
    const fonts = await fontsFor(planJobs(sampleCampaign(), SITE, screen));
    const [job] = planJobs(sampleCampaign({ theme: '质量龘强国' }), SITE, screen);
    await expect(renderJob(job!, fonts, nodePlatform)).rejects.toThrow('主题「质量龘强国」含字体不支持的字符 龘 (U+9F98)');
  });

  it('satori gets a loadAdditionalAsset that throws, so it can never fall back silently', async () => {
    const fonts = await fontsFor(planJobs(sampleCampaign(), SITE, screen));
    const b = new SceneBuilder(200, 100, '#FFFFFF', fonts);
    b.text('hero', '龘', 0, 0, { size: 40, weight: 900, color: '#000000', bg: '#FFFFFF' });
    await expect(toSvg(b.build(), fonts)).rejects.toThrow(/字体缺少字符「龘」/);
  });
});

describe('fonts of a build', () => {
  it('are subset to the build’s characters plus the fixed ones, the same bytes whatever the order', async () => {
    const a = await buildFonts([{ role: '口号', text: '质量强国' }, { role: '主题', text: '共享美好' }], fontFiles());
    const b = await buildFonts([{ role: '主题', text: '共享美好' }, { role: '口号', text: '强国质量' }], fontFiles());
    expect(a.hash).toBe(b.hash);
    expect(a.has('质'.codePointAt(0)!)).toBe(true);
    expect(a.has('龘'.codePointAt(0)!)).toBe(false);
    for (const ch of FIXED_CHARS) expect(a.has(ch.codePointAt(0)!), ch).toBe(true);
    // A subset of a 10 MB CJK font to a few dozen characters is small.
    expect(a.subsets[900].byteLength).toBeLessThan(200_000);
  });

  it('fontDigests are the SHA-256 of the npm font files, whoever asks first', () => {
    const direct = (w: 500 | 700 | 900) => createHash('sha256').update(readFileSync(createRequire(import.meta.url).resolve(FONT_FILES[w]))).digest('hex');
    for (const w of [500, 700, 900] as const) {
      expect(fontDigests()[w]).toBe(direct(w));
      expect(fontDigests(fontFiles().data)[w]).toBe(direct(w));
    }
  });

  it('a subsetter started before the characters are known makes the same bytes as subsetFonts, and stops unused', async () => {
    const chars = checkedChars([{ role: '口号', text: '建设质量强国 共享品质生活' }], fontFiles());
    const early = startSubsetter();
    const [a, b] = await Promise.all([early.subset(chars), subsetFonts(chars, fontFiles())]);
    for (const w of [500, 700, 900] as const) expect(Buffer.from(a[w]).equals(Buffer.from(b.subsets[w])), `weight ${w}`).toBe(true);
    expect(b.has('品'.codePointAt(0)!)).toBe(true);
    await early.stop();
    // One that is never asked (the build's subset came from the cache) ends without a result or an unhandled error.
    await expect(startSubsetter().stop()).resolves.toBeUndefined();
  });

  it.each([
    ['质量强国', 900, 0, 400],
    ['质量强国', 900, 0.03, 400 + 3 * 0.03 * 100],
    ['“质量月”', 500, 0, 500],
    ['2022', 500, 0, 4 * 57],
  ])('measures %s at 100 px (weight %i, tracking %f) as %f px', async (text, weight, tracking, px) => {
    const fonts = await buildFonts([{ role: '口号', text }], fontFiles());
    expect(fonts.measure(text, 100, weight as 500 | 900, tracking)).toBeCloseTo(px, 0);
  });
});
