// Balance and semantic breaks on the real layouts: every shipped slogan and theme keeps its halves whole where
// that meets the minimum size and passes both balance rules on every non-LED profile; the same slogans written
// without their space break at the same place; a text with no space and no clause mark breaks at a balanced
// phrase boundary, not where the first line is fullest.

import { loadKitData } from '../../src/campaign/load.ts';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BALANCE_MIN, FILL_MIN, balanceRatio, lineWeight } from '../../src/render/balance.ts';
import { clreqViolation } from '../../src/render/clreq.ts';
import { fontsFromSubsets, loadFontFiles } from '../../src/render/fonts-node.ts';
import { breakInto } from '../../src/render/line-break.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { layoutJob } from '../../src/render/render.ts';
import type { Scene } from '../../src/render/layouts/scene.ts';
import type { RenderJob } from '../../src/render/job.ts';
import { SITE, sampleCampaign } from './helpers.ts';

const fonts = fontsFromSubsets(loadFontFiles().data);
/** Every shipped theme and slogan, once each, from the loaded data (a file with `extends` inherits its parent's). */
const SHIPPED = [...new Set(loadKitData(path.resolve(__dirname, '../../data')).campaigns.flatMap((c) => [c.theme, ...c.slogans]))];
const NON_LED = PROFILES.filter((p) => p.layout !== 'led');

function heroes(texts: readonly string[]): { job: RenderJob; scene: Scene }[] {
  const jobs = planJobs(sampleCampaign({ slogans: [...texts] }), SITE, NON_LED).filter((j) => j.n !== undefined);
  return jobs.map((job) => ({ job, scene: layoutJob(job, fonts) }));
}

/** The audit's fill measure: the hero block's bounding box over the safe area. */
function fill(job: RenderJob, scene: Scene): number {
  const hero = scene.boxes.filter((b) => b.role === 'hero');
  const w = Math.max(...hero.map((b) => b.x + b.w)) - Math.min(...hero.map((b) => b.x));
  const h = Math.max(...hero.map((b) => b.y + b.h)) - Math.min(...hero.map((b) => b.y));
  const s = job.profile.safe;
  return (w * h) / ((job.width - s.left - s.right) * (job.height - s.top - s.bottom));
}

describe('shipped slogans and themes on every non-LED profile', () => {
  const laid = heroes(SHIPPED);

  it('covers 18 texts on 12 profiles (the A3 and A4 posters included)', () => {
    expect(SHIPPED.length).toBe(18);
    expect(new Set(laid.map((l) => l.job.profile.id))).toEqual(new Set(NON_LED.map((p) => p.id)));
  });

  it.each(NON_LED.map((p) => p.id))('%s: both balance rules pass with margin, clreq holds', (id) => {
    for (const { job, scene } of laid.filter((l) => l.job.profile.id === id)) {
      const label = `${job.text} → ${scene.heroLines.join(' / ')}`;
      expect(balanceRatio(scene.heroLines), label).toBeGreaterThanOrEqual(BALANCE_MIN);
      expect(fill(job, scene), label).toBeGreaterThanOrEqual(FILL_MIN * 1.3);
      expect(clreqViolation(scene.heroLines), label).toBeUndefined();
    }
  });

  it('every half stays whole on the posters and portrait screens (no 坚持质量 / 第一 orphans)', () => {
    for (const { job, scene } of laid.filter((l) => ['portrait', 'print'].includes(l.job.profile.layout))) {
      const halves = job.text.split(' ');
      expect(scene.heroLines, `${job.profile.id}: ${job.text}`).toEqual(halves);
    }
  });

  it('the A3 poster sets 坚持质量第一 / 建设质量强国 whole, far above the minimum size', () => {
    const a3 = laid.find((l) => l.job.profile.id === 'community-board-a3' && l.job.text === '坚持质量第一 建设质量强国')!;
    expect(a3.scene.heroLines).toEqual(['坚持质量第一', '建设质量强国']);
    const size = a3.scene.boxes.find((b) => b.role === 'hero')!.fontSize;
    expect(size).toBeGreaterThan(5 * a3.job.profile.minCharPx);
  });
});

describe('share cards choose a balanced arrangement over a larger ragged one', () => {
  it('质量月（2024年9月） 共建质量强国 on the 500×400 card: the bracketed date stays on its half', () => {
    const [card] = heroes(['质量月（2024年9月） 共建质量强国']).filter((l) => l.job.profile.id === 'share-miniprogram');
    // Beside the code the larger type would read 质量月 / （2024年9月） / 共建质量强国 (balance 0.46).
    expect(card!.scene.heroLines).toEqual(['质量月（2024年9月）', '共建质量强国']);
    expect(fill(card!.job, card!.scene)).toBeGreaterThanOrEqual(FILL_MIN);
    const hero = card!.scene.boxes.filter((b) => b.role === 'hero');
    const qr = card!.scene.qr!;
    // The hero never reaches into the code's quiet zone.
    expect(Math.max(...hero.map((b) => b.x + b.w))).toBeLessThanOrEqual(qr.x);
  });
});

describe('unspaced slogans break where the spaced ones do', () => {
  const spaced = SHIPPED.filter((t) => t.includes(' '));
  const withSpace = heroes(spaced);
  const without = heroes(spaced.map((t) => t.replace(/ /g, '')));

  it('every shipped slogan and theme with a space, on every profile where it takes two lines', () => {
    let compared = 0;
    // The transit bar shows one line per image (a long slogan is split into images by barParts): not a line break.
    const key = (l: { job: RenderJob }) => `${l.job.profile.id}|${l.job.n}`;
    const unspaced = new Map(without.filter((l) => l.job.profile.layout !== 'ultrawide').map((l) => [key(l), l]));
    for (const a of withSpace.filter((l) => l.job.profile.layout !== 'ultrawide')) {
      const b = unspaced.get(key(a))!;
      if (a.scene.heroLines.length !== 2) continue;
      compared++;
      expect(b.scene.heroLines, `${a.job.profile.id}: ${a.job.text}`).toEqual(a.scene.heroLines);
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('a 7 + 7 slogan without its space is set 7 + 7, never 8 + 6 with the verb stranded', () => {
    const measure = (line: string) => fonts.visual(line, 1, 900, 0.03);
    expect(breakInto('服务新发展格局助推高质量发展', 2, measure)).toEqual(['服务新发展格局', '助推高质量发展']);
    expect(breakInto('提升产品、工程和服务质量推动经济高质量发展', 2, measure)).toEqual(['提升产品、工程和服务质量', '推动经济高质量发展']);
  });

  it('with no space and no clause mark, a balanced phrase break beats a fuller first line', () => {
    const [a] = heroes(['加强质量支撑共建质量强国']).filter((l) => l.job.profile.id === 'school-classcard');
    expect(a!.scene.heroLines).toEqual(['加强质量支撑', '共建质量强国']);
    // Greedy first-fit at the same size would put 7 characters on line 1; the balanced break puts 6 + 6.
    expect(a!.scene.heroLines.map(lineWeight)).toEqual([6, 6]);
  });
});
