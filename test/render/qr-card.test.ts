// A share card's code must read where it is drawn, framed by the hero and the URL. Found by the 365-edition bench
// (issue 14): sample-0112's share-og theme card, with the mask createReadableQr picks from the bare tile, did not
// read with ZXing at half size; and on the 500×400 card a long URL with a two-row label band left no room for a
// code of 5 px per module (an internal error). Sample data (示例).
import { describe, expect, it } from 'vitest';
import { readQrCard } from '../../src/audit/qr-decode.ts';
import { auditAsset } from '../../src/audit/check-asset.ts';
import { planJobs } from '../../src/render/plan.ts';
import { nodePlatform } from '../../src/render/platform-node.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { renderJob, renderOnce } from '../../src/render/render.ts';
import { SITE, fontsFor, sampleCampaign } from './helpers.ts';

const LOCALHOST = { ...SITE, baseUrl: 'http://localhost:8080/' };
const campaign = sampleCampaign({
  year: 2022,
  edition: 'sample-0112',
  editionName: '示例112号市',
  theme: '推动质量变革创新 促进质量强国建设',
  issuer: '市场监管总局等21个部门',
  slogans: ['示例口号 第112条'],
});

describe('share cards whose code must be drawn again', () => {
  it('a card whose first mask does not read in place is drawn with the next mask, and the audit passes', async () => {
    const [job] = planJobs(campaign, LOCALHOST, [findProfile('share-og')!]).filter((j) => j.n === undefined);
    const fonts = await fontsFor([job!]);
    const first = await renderOnce(job!, fonts, nodePlatform);
    expect(readQrCard(first.bytes, first.qr!, job!.url!).misses).toEqual(['缩小 50% ZXing 未识别']);
    const result = await renderJob(job!, fonts, nodePlatform);
    expect(result.qrRead).toEqual({ url: job!.url, misses: [], tries: ['原尺寸', '缩小 50%'] });
    // Read again from the bytes, independently of the render's own reading.
    expect(readQrCard(result.bytes, result.qr!, job!.url!).misses).toEqual([]);
    const { bytes, ...meta } = result;
    const audit = auditAsset(job!, { ...meta, qrRead: undefined }, bytes, (cp) => fonts.has(cp));
    expect(audit.rules.find((r) => r.rule === 'qr')).toMatchObject({ ok: true });
    // Deterministic: the same job gives the same bytes.
    expect((await renderJob(job!, fonts, nodePlatform)).bytes).toEqual(bytes);
  });

  it('the 500×400 card with a long URL and a two-row label band sets the URL beside the code (no internal error)', async () => {
    const jobs = planJobs(campaign, LOCALHOST, [findProfile('share-miniprogram')!]);
    const fonts = await fontsFor(jobs);
    for (const job of jobs) {
      const result = await renderJob(job, fonts, nodePlatform);
      expect(result.qrRead?.misses, job.id).toEqual([]);
      const url = result.boxes.filter((b) => b.role === 'url');
      // Every URL line ends left of the code when it sits beside it, or lies under the code.
      for (const b of url) expect(b.x + b.w <= result.qr!.x || b.y >= result.qr!.y + result.qr!.h, `${job.id}: ${b.text}`).toBe(true);
    }
  });
});
