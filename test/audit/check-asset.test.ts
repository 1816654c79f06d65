import { describe, expect, it } from 'vitest';
import { auditAsset, type RenderMeta } from '../../src/audit/check-asset.ts';
import { failureLines, makeReport } from '../../src/audit/report.ts';
import { renderAndAudit } from '../../src/kit/render-task.ts';
import { inkOutsideSafeArea } from '../../src/audit/text-mask.ts';
import type { RenderJob } from '../../src/render/job.ts';
import { planJobs } from '../../src/render/plan.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { SITE, fontsFor, sampleCampaign } from '../render/helpers.ts';

// The audit re-checks a render from its own measurements and pixels. A real render passes; each rule is then
// shown to fail on a record that breaks exactly that rule, with the message a person reads.

const campaign = sampleCampaign({ slogans: ['质量发展 利民惠民'] });
const jobs = planJobs(campaign, SITE, [findProfile('share-og')!, findProfile('transit-bus-led')!]);
const card = jobs.find((j) => j.profile.id === 'share-og' && j.n === 1)!;
const led = jobs.find((j) => j.profile.id === 'transit-bus-led' && j.kind === 'led-page')!;

async function rendered(job: RenderJob) {
  const fonts = await fontsFor(jobs);
  const result = await renderAndAudit(job, fonts);
  const { audit, ...meta } = result.meta as RenderMeta & { audit: ReturnType<typeof auditAsset> };
  return { png: result.files.png!, meta, audit, fonts };
}

describe('legibility audit', () => {
  it.each([
    ['share card', card],
    ['LED page', led],
  ])('passes every rule on a real %s', async (_name, job) => {
    const { audit } = await rendered(job);
    expect(audit.rules.filter((r) => !r.ok)).toEqual([]);
    expect(audit.ok).toBe(true);
    expect(audit.minCharPx).toBeGreaterThanOrEqual(job.profile.minCharPx);
    expect(audit.rules.map((r) => r.rule)).toEqual(
      job.url ? ['size', 'glyphs', 'clreq', 'safe-area', 'min-size', 'fill', 'balance', 'contrast', 'qr'] : ['size', 'glyphs', 'clreq', 'safe-area', 'min-size', 'contrast'],
    );
  });

  it('the QR rule reads the pixels: a card whose code points elsewhere fails with both decoders named', async () => {
    const { png, meta, fonts } = await rendered(card);
    const wrong = { ...card, url: 'https://zlyue.samr.gov.cn/national/2024/s/2/' };
    const audit = auditAsset(wrong, meta, png, (cp) => fonts.has(cp));
    const qr = audit.rules.find((r) => r.rule === 'qr')!;
    expect(qr.ok).toBe(false);
    expect(qr.detail).toBe(
      `二维码应指向 https://zlyue.samr.gov.cn/national/2024/s/2/：原尺寸 jsQR 读出 ${card.url}；原尺寸 ZXing 读出 ${card.url}；缩小 50% jsQR 读出 ${card.url}；缩小 50% ZXing 读出 ${card.url}`,
    );
  });

  it.each<[string, (m: RenderMeta) => RenderMeta, string]>([
    [
      'safe-area',
      (m) => ({ ...m, boxes: m.boxes.map((b, i) => (i === 0 ? { ...b, x: 2 } : b)) }),
      '「BOX」超出安全区（版式测量）',
    ],
    ['min-size', (m) => ({ ...m, boxes: m.boxes.map((b, i) => (i === 0 ? { ...b, fontSize: 20 } : b)) }), '最小字高 20 px（1.2 mm），要求 ≥ 43 px（0.3 m 观看距离约 2.5 mm）'],
    ['contrast', (m) => ({ ...m, contrast: { ...m.contrast, pairs: [{ role: 'hero', fg: '#D7262F', bg: '#0B2F6B', ratio: 2.1 }] } }), 'hero #D7262F/#0B2F6B 2.1:1 < 4.5:1'],
    ['clreq', (m) => ({ ...m, heroLines: ['质量发展', '，利民惠民'] }), '第 2 行以「，」开头（行首禁则）：质量发展 / ，利民惠民'],
    [
      'fill',
      (m) => ({ ...m, boxes: m.boxes.map((b) => (b.role === 'hero' ? { ...b, w: 100, h: 40 } : b)) }),
      '主文字占安全区 3.2 %（100×HEROH px / 1080×534 px），要求 ≥ 6 %',
    ],
    [
      'balance',
      (m) => ({ ...m, heroLines: ['坚持质量第一建设', '强国'] }),
      '2 行，最短行为最长行的 25 %（按字计，拉丁字母、数字和空格算半个：8 / 2），要求 ≥ 60 %',
    ],
  ])('fails the %s rule with a message naming what was measured', async (rule, mutate, detail) => {
    const { png, meta, fonts } = await rendered(card);
    const bad = mutate(meta);
    const audit = auditAsset(card, bad, png, (cp) => fonts.has(cp));
    const failed = audit.rules.filter((r) => !r.ok);
    expect(failed.map((r) => r.rule)).toEqual([rule]);
    const hero = bad.boxes.filter((b) => b.role === 'hero');
    const heroH = Math.round(Math.max(...hero.map((b) => b.y + b.h)) - Math.min(...hero.map((b) => b.y)));
    expect(failed[0]!.detail).toBe(detail.replace('BOX', meta.boxes[0]!.text).replace('HEROH', String(heroH)));
    const names: Record<string, string> = { 'safe-area': '文字在安全区内', 'min-size': '最小字高', contrast: '对比度', clreq: '断行符合中文排版规则', fill: '主文字占满版面', balance: '各行长短均衡' };
    expect(failureLines(makeReport([audit]))).toEqual([`${card.path}（share-og）未通过「${names[rule]}」：${failed[0]!.detail}`]);
  });

  it('checks the safe area on pixels too: a text-only mask shows no ink outside, and does once the area shrinks', async () => {
    const fonts = await fontsFor(jobs);
    expect(await inkOutsideSafeArea(card, fonts)).toEqual([]);
    expect(await inkOutsideSafeArea(led, fonts)).toEqual([]);
    const tight = { top: 200, right: 500, bottom: 200, left: 500 };
    const found = await inkOutsideSafeArea(card, fonts, tight);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^有 \d+ 个文字像素位于安全区外（约 \d+,\d+–\d+,\d+）$/);
  });

  it('fails the glyph rule when the font lacks a character', async () => {
    const { png, meta } = await rendered(card);
    const audit = auditAsset(card, meta, png, (cp) => cp !== '惠'.codePointAt(0));
    expect(audit.rules.find((r) => r.rule === 'glyphs')).toEqual({ rule: 'glyphs', ok: false, detail: '口号「质量发展 利民惠民」缺 惠 (U+60E0)' });
  });

  it('fails the size rule from the PNG header: another size, or bytes that are not a PNG', async () => {
    const { png, meta, fonts } = await rendered(card);
    const has = (cp: number) => fonts.has(cp);
    const resized = Uint8Array.from(png);
    new DataView(resized.buffer).setUint32(16, 1199);
    expect(auditAsset(card, meta, resized, has).rules.find((r) => r.rule === 'size')).toEqual({ rule: 'size', ok: false, detail: '1199×630 像素，屏幕为 1200×630' });
    expect(auditAsset(card, meta, new TextEncoder().encode('<svg/>'), has).rules.find((r) => r.rule === 'size')).toEqual({ rule: 'size', ok: false, detail: '0×0 像素，屏幕为 1200×630' });
    expect(auditAsset(card, meta, png, has).rules.find((r) => r.rule === 'size')).toEqual({ rule: 'size', ok: true, detail: '1200×630 像素，屏幕为 1200×630' });
  });

  it('keeps the descenders of a URL (g, y, p) inside the safe area on every share card (found by the scan-the-card test)', async () => {
    const site = { ...SITE, baseUrl: 'https://zlgy.test-office.cn/zlgy/', pathPrefix: '/zlgy/' };
    const shares = ['share-moments', 'share-square', 'share-og', 'share-wx-cover', 'share-miniprogram'].map((id) => findProfile(id)!);
    const cards = planJobs(sampleCampaign({ slogans: ['质量发展 利民惠民'] }), site, shares);
    const fonts = await fontsFor(cards);
    expect(cards.length).toBe(10);
    for (const job of cards) expect([job.id, await inkOutsideSafeArea(job, fonts)]).toEqual([job.id, []]);
  });
});
