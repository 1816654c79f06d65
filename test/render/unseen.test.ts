import { beforeAll, describe, expect, it } from 'vitest';
import type { Fonts } from '../../src/render/fonts.ts';
import { clreqViolation } from '../../src/render/line-break.ts';
import { planJobs } from '../../src/render/plan.ts';
import { layoutJob } from '../../src/render/render.ts';
import { pngSize, type AssetAudit } from '../../src/audit/check-asset.ts';
import { renderAndAudit } from '../../src/kit/render-task.ts';
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

  // Every profile, prints included, goes through the build's own render and legibility audit (glyphs, clreq,
  // safe area on the layout and on pixels, minimum size, contrast, QR with both decoders): every rule must pass.
  it.each(jobs.filter((j) => j.n !== undefined).map((j) => [j.id, j] as const))('%s renders and passes every audit rule', async (_, job) => {
    const scene = layoutJob(job, fonts);
    expect(clreqViolation(scene.heroLines)).toBeUndefined();
    const r = await renderAndAudit(job, fonts);
    const img = pngSize(r.files.png!);
    const audit = (r.meta as { audit: AssetAudit }).audit;
    expect(audit.rules.filter((rule) => !rule.ok)).toEqual([]);
    expect(audit.rules.map((rule) => rule.rule)).toContain(job.url ? 'qr' : 'contrast');
    if (job.kind !== 'led-strip') expect([img.width, img.height]).toEqual([job.width, job.height]);
  });
});
