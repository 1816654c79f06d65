import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskCache, planMemo } from '../../src/kit/cache.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { sampleCampaign, SITE } from '../render/helpers.ts';
import { tempDir } from './helpers.ts';

// The planner's memo (issue 11): a build keeps the LED pagings of the texts it planned, and the next build plans only
// the texts that changed, to the same jobs.

const campaign = sampleCampaign({ sample: false, year: 2022, slogans: ['深入实施质量提升行动 大力推进质量强国建设', '坚持质量第一 建设质量强国', '质量发展 利民惠民'] });
const edited = { ...campaign, slogans: ['深入实施质量提升行动 大力推进质量强国建设', '坚持质量第一 建设品质强国', '质量发展 利民惠民'] };

describe('the plan memo', () => {
  it('gives the same jobs as a plan without it, and a second build takes every paging from it', () => {
    const cache = diskCache(tempDir('qmkit-plan-memo-'));
    const first = planMemo(cache, 'v1');
    expect(planJobs(campaign, SITE, PROFILES, {}, first.memo)).toEqual(planJobs(campaign, SITE));
    first.save();

    const sets: string[] = [];
    const second = planMemo(cache, 'v1');
    const counting = { get: second.memo.get, set: (k: string, v: unknown) => (sets.push(k), second.memo.set(k, v)) };
    expect(planJobs(campaign, SITE, PROFILES, {}, counting)).toEqual(planJobs(campaign, SITE));
    expect(sets).toEqual([]);

    // An edited slogan is paged anew on each LED panel, the other texts come from the memo.
    expect(planJobs(edited, SITE, PROFILES, {}, counting)).toEqual(planJobs(edited, SITE));
    const ledPanels = new Set(PROFILES.filter((p) => p.layout === 'led').map((p) => `${p.width}x${p.height}x${p.minCharPx}`)).size;
    expect(sets.length).toBe(ledPanels);
    expect(sets.every((k) => k.includes('坚持质量第一 建设品质强国'))).toBe(true);
  });

  it('is kept per planner version, and an unreadable memo is planned anew', () => {
    const dir = tempDir('qmkit-plan-memo-');
    const cache = diskCache(dir);
    const first = planMemo(cache, 'v1');
    planJobs(campaign, SITE, PROFILES, {}, first.memo);
    first.save();
    // How many pagings a plan makes from nothing (texts shared by two panels of one size are paged once).
    const fresh = planMemo(diskCache(tempDir('qmkit-plan-memo-')), 'v1');
    const setsOf = (memo: ReturnType<typeof planMemo>) => {
      let sets = 0;
      planJobs(campaign, SITE, PROFILES, {}, { get: memo.memo.get, set: (k, v) => (sets++, memo.memo.set(k, v)) });
      return sets;
    };
    const all = setsOf(fresh);
    expect(all).toBeGreaterThan(0);
    expect(setsOf(planMemo(cache, 'v1'))).toBe(0);
    expect(setsOf(planMemo(cache, 'v2'))).toBe(all);

    // The stored memo overwritten with garbage: nothing comes from it, and the plan is the same.
    for (const sub of readdirSync(dir)) for (const f of readdirSync(path.join(dir, sub))) if (f.endsWith('.plan')) writeFileSync(path.join(dir, sub, f), '{"not": json');
    const broken = planMemo(cache, 'v1');
    expect(setsOf(broken)).toBe(all);
    expect(planJobs(campaign, SITE, PROFILES, {}, broken.memo)).toEqual(planJobs(campaign, SITE));
  });
});
