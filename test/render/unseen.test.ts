import { beforeAll, describe, expect, it } from 'vitest';
import type { Fonts } from '../../src/render/fonts.ts';
import { clreqViolation } from '../../src/render/line-break.ts';
import { planJobs } from '../../src/render/plan.ts';
import { layoutJob, renderJob, toSvg } from '../../src/render/render.ts';
import { decodePng } from './helpers.ts';
import { fontsFor, sampleCampaign, SITE } from './helpers.ts';

// Test-only slogans, written for this test in the style of real ones (20–24 characters, with and without the
// space between halves, with 、，：“” and brackets). None comes from a notice.
const UNSEEN = [
  '强化质量基础设施建设 助力经济社会高质量发展',
  '以质量之光点亮美好生活 以标准之力引领创新发展',
  '坚持质量第一效益优先 推动产业链供应链质量提升',
  '弘扬企业家精神和工匠精神 建设质量强国品牌强国',
  '加快建设质量强国、制造强国、网络强国、数字中国',
  '“质量月”里话质量：人人关心质量，处处追求卓越',
  '筑牢质量安全底线（2025年） 守护舌尖上的安全',
  '深化质量变革创新推动消费品工业质量品牌全面提升',
];

const campaign = sampleCampaign({ sample: false, slogans: UNSEEN });
const jobs = planJobs(campaign, SITE);
let fonts: Fonts;
beforeAll(async () => {
  fonts = await fontsFor(jobs);
});

describe('unseen slogans of up to 24 characters', () => {
  it('are 20–24 characters each (the test data itself)', () => {
    for (const s of UNSEEN) expect([...s.replace(/ /g, '')].length, s).toBeGreaterThanOrEqual(20);
    for (const s of UNSEEN) expect([...s.replace(/ /g, '')].length, s).toBeLessThanOrEqual(24);
  });

  it('plan on every profile', () => {
    expect(jobs.length).toBeGreaterThan(UNSEEN.length * 17);
  });

  // Print sizes are laid out and turned into SVG (the steps that can fail); rasterising 300-dpi pages is left to the
  // output test, which does it once per print profile.
  it.each(jobs.filter((j) => j.n !== undefined).map((j) => [j.id, j] as const))('%s renders without error, lines obey clreq', async (_, job) => {
    const scene = layoutJob(job, fonts);
    expect(clreqViolation(scene.heroLines)).toBeUndefined();
    if (job.profile.layout === 'print') {
      expect(await toSvg(scene, fonts)).toMatch(/^<svg/);
      return;
    }
    const r = await renderJob(job, fonts);
    const img = decodePng(r.bytes);
    expect([img.width, img.height]).toEqual([job.width, job.height]);
  });
});
