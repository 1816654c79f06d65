// One rule set: over generated mixed text (Han, Latin words, digits, brackets, quotes, URLs, full- and half-width
// punctuation, spaces) no layout ever makes a break the audit's clreq rule rejects, every line is the text's own
// (nothing invented, nothing lost), no ink box leaves the safe area (layoutJob's self-check), and a text that cannot
// fit is refused with the clear 口号过长 message, never a crash. ≥ 2,000 cases in `npm run fuzz`, 300 in `npm test` (150 per property).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.ts';
import { clreqViolation } from '../../src/render/clreq.ts';
import { fontsFromSubsets, loadFontFiles } from '../../src/render/fonts.ts';
import { breakFlow, breakInto, breakToWidth } from '../../src/render/line-break.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { layoutJob } from '../../src/render/render.ts';
import { SITE, sampleCampaign } from '../render/helpers.ts';
import { PROPERTY_TIMEOUT, caseStart, params, reportCount, runs } from './support.ts';

reportCount('line-break');

const fonts = fontsFromSubsets(loadFontFiles().data);

const han = fc.string({ unit: fc.constantFrom(...'质量强国建设坚持第一人人创造享受发展服务新格局推动高月年日届国际消费者权益守护安全标准'), minLength: 1, maxLength: 8 });
const latin = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzQISO'), minLength: 1, maxLength: 12 });
const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 5 });
const url = fc.tuple(fc.constantFrom('', 'https://', 'http://'), latin, fc.constantFrom('.gov.cn', '.cn/', '.org/a-b', ':8080/x')).map(([a, b, c]) => `${a}www.${b}${c}`);
const punct = fc.constantFrom(...'，。、；：！？,.;:!?·…—-/%'.split(''), '……', '——');
const opening = fc.constantFrom(...'（【《「“‘([{"\''.split(''));
const closing = fc.constantFrom(...'）】》」”’)]}"\''.split(''));
const token = fc.oneof(han, han, latin, digits, url, punct, opening, closing, fc.constant(' '), fc.constant('“3·15”'), fc.constant('（2024年）'), fc.constant('{{ 7*7 }}'));
const mixed = fc
  .array(token, { minLength: 1, maxLength: 10 })
  .map((parts) => parts.join('').replace(/ +/g, ' ').trim())
  .filter((t) => t.length > 0 && [...t].length <= 40);

/** The text's characters without spaces: every break keeps them all, in order, and adds none. */
const bare = (s: string) => s.replace(/ /g, '');
const measure = (line: string) => fonts.visual(line, 1, 900, 0.03);

describe('line breaking over mixed text', () => {
  it(
    'the breakers never break against the clreq table and keep the text',
    async () => {
      await fc.assert(
        fc.asyncProperty(mixed, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 30 }), async (text, k, width) => {
          await caseStart();
          for (const lines of [breakInto(text, k, measure), breakFlow(text, k, measure, 'anywhere'), breakToWidth(text, width, measure)]) {
            if (!lines) continue;
            expect(clreqViolation(lines), lines.join(' / ')).toBeUndefined();
            expect(bare(lines.join(''))).toBe(bare(text));
            for (const line of lines) expect(line).toBe(line.trim());
          }
        }),
        params(runs(0.2, 150)),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'every layout passes the audit’s clreq rule and its own safe-area check, or is refused with 口号过长',
    async () => {
      const profiles = PROFILES.filter((p) => p.layout !== 'led');
      await fc.assert(
        fc.asyncProperty(mixed, fc.constantFrom(...profiles), async (text, profile) => {
          await caseStart();
          let jobs;
          try {
            jobs = planJobs(sampleCampaign({ slogans: [text] }), SITE, [profile]).filter((j) => j.n === 1);
          } catch (e) {
            expect(e).toBeInstanceOf(RenderError);
            expect((e as Error).message).toMatch(/^口号过长：/);
            return;
          }
          for (const job of jobs) {
            let scene;
            try {
              scene = layoutJob(job, fonts);
            } catch (e) {
              expect(e, (e as Error).message).toBeInstanceOf(RenderError);
              expect((e as Error).message).toMatch(/^口号过长：在 .+（\d+×\d+）上最少需要 \d+ px 字高/);
              continue;
            }
            expect(clreqViolation(scene.heroLines), scene.heroLines.join(' / ')).toBeUndefined();
            expect(bare(scene.heroLines.join(''))).toBe(bare(job.text));
          }
        }),
        params(runs(0.2, 150)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
