import { nodePlatform } from '../../src/render/platform-node.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pixelmatch from 'pixelmatch';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fonts } from '../../src/render/fonts.ts';
import { planJobs } from '../../src/render/plan.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { renderJob } from '../../src/render/render.ts';
import { decodePng, fontsFor, sampleCampaign, SITE } from './helpers.ts';

// One reference image per layout, at one profile each, from the sample campaign.
// Regenerate after an intended design change with: UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts
// Print is compared at its gallery thumbnail (rendered from the same SVG), to keep the references small.

const GOLDEN = new URL('./golden/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const CASES = [
  ['landscape', 'share-og', 'slogan-01'],
  ['portrait', 'school-classcard', 'slogan-01'],
  ['ultrawide', 'transit-bar', 'slogan-01-a'],
  ['square', 'share-miniprogram', 'slogan-01'],
  ['cover', 'share-wx-cover', 'slogan-01'],
  ['print', 'print-a4', 'theme'],
  ['led', 'transit-bus-led', 'slogan-01-p1'],
] as const;

const campaign = sampleCampaign();
const jobs = planJobs(campaign, SITE, CASES.map(([, id]) => findProfile(id)!));
let fonts: Fonts;
beforeAll(async () => {
  fonts = await fontsFor(jobs);
});

describe('golden images', () => {
  it.each(CASES)('%s (%s/%s) matches its reference within a small tolerance', async (layout, profile, name) => {
    const job = jobs.find((j) => j.profile.id === profile && j.name === name)!;
    expect(job.profile.layout).toBe(layout);
    const r = await renderJob(job, fonts, nodePlatform);
    const bytes = layout === 'print' ? r.thumb! : r.bytes;
    const file = new URL(`${layout}-${profile}.png`, GOLDEN);
    if (UPDATE) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, bytes);
    }
    const actual = decodePng(bytes);
    const expected = decodePng(new Uint8Array(readFileSync(file)));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    const diff = pixelmatch(actual.data, expected.data, undefined, actual.width, actual.height, { threshold: 0.1 });
    // Anti-aliasing may shift between platforms; a layout change moves thousands of pixels.
    expect(diff / (actual.width * actual.height)).toBeLessThan(0.001);
  });
});
