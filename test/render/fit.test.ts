import { nodePlatform } from '../../src/render/platform-node.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.ts';
import { fitText } from '../../src/render/fit.ts';
import type { Fonts } from '../../src/render/fonts.ts';
import { planJobs } from '../../src/render/plan.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { renderJob } from '../../src/render/render.ts';
import { fontsFor, sampleCampaign, SITE } from './helpers.ts';

// Test-only text, far longer than any real slogan (81 characters): the too-long error is for texts like this.
const TOO_LONG = '坚持以人民为中心的发展思想全面提升产品和服务质量水平持续推进质量强国建设 不断满足人民日益增长的美好生活需要努力实现更高质量更有效率更加公平更可持续更为安全的发展';
const campaign = sampleCampaign({ sample: false, slogans: [TOO_LONG] });
const profile = (id: string) => [findProfile(id)!];

let fonts: Fonts;
beforeAll(async () => {
  fonts = await fontsFor(planJobs(campaign, SITE, [findProfile('school-screen')!, findProfile('share-og')!]), ['深入实施质量提升行动 大力推进质量强国建设', '质量发展 利民惠民']);
});

describe('too long to fit: the error names the text, the profile and what it would need', () => {
  it.each([
    [
      'transit-bus-led',
      `口号过长：在 transit-bus-led（128×32）上最少需要 16 px 字高，「${TOO_LONG}」按 16 px 字高每页 2 行、每行 8 字，需要 6 页，最多 4 页；请缩短文字，或在两半之间加空格以便分行`,
    ],
    [
      'transit-bar',
      `口号过长：在 transit-bar（1920×360）上最少需要 58 px 字高，「${TOO_LONG}」在 58 px 时即使分成 4 张图，每张也放不下一行（整句约需 4839 px 宽，每张只有 1364 px）；请缩短文字，或在两半之间加空格以便分行`,
    ],
  ])('%s fails while planning', (id, message) => {
    expect(() => planJobs(campaign, SITE, profile(id))).toThrow(new RenderError(message));
  });

  it.each([
    ['school-screen', `口号过长：在 school-screen（1920×1080）上最少需要 53 px 字高，「${TOO_LONG}」在 53 px 字高时排成 2 行需要 2401×128 px，版面只有 1536×548 px；请缩短文字，或在两半之间加空格以便分行`],
    ['share-og', `口号过长：在 share-og（1200×630）上最少需要 43 px 字高，「${TOO_LONG}」在 43 px 字高时排成 2 行需要 1948×104 px，版面只有 768×285 px；请缩短文字，或在两半之间加空格以便分行`],
  ])('%s fails while rendering', async (id, message) => {
    const job = planJobs(campaign, SITE, profile(id)).find((j) => j.n === 1)!;
    await expect(renderJob(job, fonts, nodePlatform)).rejects.toThrow(new RenderError(message));
  });

  it('a theme says 主题', () => {
    expect(() => planJobs(sampleCampaign({ theme: TOO_LONG }), SITE, profile('transit-bus-led'))).toThrow(/^主题过长：在 transit-bus-led（128×32）/);
  });
});

describe('auto-fit', () => {
  const spec = { w: 1000, h: 500, maxLines: 2, minPx: 40, maxPx: 500, weight: 900 as const, tracking: 0, lineHeight: 1.2 };
  const p = findProfile('school-screen')!;

  it('takes the largest whole-pixel size at which the lines fit, broken at the slogan’s space', () => {
    const f = fitText('深入实施质量提升行动 大力推进质量强国建设', spec, fonts, '口号', p);
    expect(f.lines).toEqual(['深入实施质量提升行动', '大力推进质量强国建设']);
    // Ten 1-em characters in 1000 px: 99 px (100 would leave no slack).
    expect(f.size).toBe(99);
    expect(Math.max(...f.widths)).toBeLessThanOrEqual(spec.w);
    expect(f.height).toBeLessThanOrEqual(spec.h);
  });

  it('is limited by height when the box is short', () => {
    const f = fitText('质量发展 利民惠民', { ...spec, w: 600, h: 240 }, fonts, '口号', p);
    expect(f.lines).toEqual(['质量发展', '利民惠民']);
    expect(f.size).toBe(100);
  });

  it('keeps one line unless more lines make the type clearly larger', () => {
    expect(fitText('质量发展 利民惠民', { ...spec, w: 2000, h: 130 }, fonts, '口号', p).lines).toEqual(['质量发展 利民惠民']);
  });

  it('never goes below the minimum: it fails instead', () => {
    expect(() => fitText('深入实施质量提升行动 大力推进质量强国建设', { ...spec, w: 300, minPx: 40 }, fonts, '口号', p)).toThrow(RenderError);
  });
});
