// A share card's code must read where it is drawn, framed by the hero and the URL. Found by the 365-edition bench
// (issue 14): sample-0112's share-og theme card, with the mask createReadableQr picks from the bare tile, did not
// read with ZXing at half size; and on the 500×400 card a long URL with a two-row label band left no room for a
// code of 5 px per module (an internal error). Sample data (示例).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readQrCard } from '../../src/audit/qr-decode.ts';
import { auditAsset } from '../../src/audit/check-asset.ts';
import { planJobs } from '../../src/render/plan.ts';
import { nodePlatform } from '../../src/render/platform-node.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { renderJob, renderOnce } from '../../src/render/render.ts';
import { createReadableQr } from '../../src/render/qr-mask.ts';
import type { Memo } from '../../src/render/platform.ts';
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

  it("with the host's memo, the same card gives the same bytes, and a reading kept in it is the one used", async () => {
    const [job] = planJobs(campaign, LOCALHOST, [findProfile('share-og')!]).filter((j) => j.n === undefined);
    const fonts = await fontsFor([job!]);
    const plain = await renderJob(job!, fonts, nodePlatform);
    const memo = memoryMemo();
    const platform = { ...nodePlatform, memo };
    const first = await renderJob(job!, fonts, platform);
    expect(first.bytes).toEqual(plain.bytes);
    expect(first.qrRead).toEqual(plain.qrRead);
    // Both drawings' readings were kept: the first mask's (which missed at half size) and the next one's.
    const readings = [...memo.map].filter(([k]) => k.startsWith('qr-read'));
    expect(readings.map(([, v]) => (JSON.parse(v) as { misses: string[] }).misses)).toEqual([['缩小 50% ZXing 未识别'], []]);
    // Drawn again, every reading comes from the memo (nothing is decoded, nothing new is kept); same bytes.
    const puts = memo.puts;
    expect((await renderJob(job!, fonts, platform)).bytes).toEqual(plain.bytes);
    expect(memo.puts).toBe(puts);
    // The memo is what decides: told that the first mask read, the render keeps the first drawing.
    memo.map.set(readings[0]![0], JSON.stringify({ misses: [], tries: ['原尺寸', '缩小 50%'] }));
    const trusted = await renderJob(job!, fonts, platform);
    expect(trusted.bytes).toEqual((await renderOnce(job!, fonts, nodePlatform)).bytes);
    // Text that is not a reading is ignored: the card is read again, and the reading kept anew.
    memo.map.set(readings[0]![0], '{"misses":"？"}');
    expect((await renderJob(job!, fonts, platform)).bytes).toEqual(plain.bytes);
    expect(memo.map.get(readings[0]![0])).toBe(readings[0]![1]);
  });

  it("a URL's mask comes from the memo when it is a mask number, else it is chosen and kept", () => {
    const memo = memoryMemo();
    memo.map.set('qr-mask\u0001https://example.org/示例/1/', '5');
    expect(createReadableQr('https://example.org/示例/1/', memo).maskPattern).toBe(5);
    memo.map.set('qr-mask\u0001https://example.org/示例/2/', '9');
    const chosen = createReadableQr('https://example.org/示例/2/', memo).maskPattern;
    expect(memo.map.get('qr-mask\u0001https://example.org/示例/2/')).toBe(String(chosen));
    expect(chosen).toBe(createReadableQr('https://example.org/示例/2/').maskPattern);
  });
});

/** A memo in memory: key parts joined, byte parts by their SHA-256; counts what is kept. */
function memoryMemo(): Memo & { map: Map<string, string>; puts: number } {
  const key = (parts: readonly (string | Uint8Array)[]) => parts.map((p) => (typeof p === 'string' ? p : createHash('sha256').update(p).digest('hex'))).join('\u0001');
  const memo = {
    map: new Map<string, string>(),
    puts: 0,
    get: (parts: readonly (string | Uint8Array)[]) => memo.map.get(key(parts)),
    put: (parts: readonly (string | Uint8Array)[], value: string) => {
      memo.puts++;
      memo.map.set(key(parts), value);
    },
  };
  return memo;
}
