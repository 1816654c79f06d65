// Local editions on the site: slogan origins (全国口号 / 本地口号) and the home page grouped by province at scale.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKitData } from '../../src/campaign/load.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { buildSite, type BuildSiteResult } from '../../src/site/build-site.ts';
import { PROVINCES, sampleSlogan, writeSampleEditions } from '../../bench/sample-editions.ts';
import { plannedManifest, readPage, text } from './fixture.ts';

const PAGE_BUDGET = 50 * 1024;
const COUNT = 365;
const PROFILE_IDS = ['school-screen', 'community-led-128x32', 'share-og'];
const profiles = PROFILES.filter((p) => PROFILE_IDS.includes(p.id));

let root: string;
let outDir: string;
let result: BuildSiteResult;
beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'qmkit-editions-'));
  const data = writeSampleEditions(path.join(root, 'data'), { count: COUNT, slogans: 'local', from: path.resolve('data') });
  // Edition 1 inherits the national slogans and adds its own, so its pages show both origins.
  writeSampleEditions(path.join(root, 'one'), { count: 1, slogans: 'add', from: path.resolve('data') });
  const { cpSync } = await import('node:fs');
  cpSync(path.join(root, 'one', 'campaigns', 'sample-0001'), path.join(data, 'campaigns', 'sample-0001'), { recursive: true });
  outDir = path.join(root, 'out');
  const kit = loadKitData(data);
  result = await buildSite({ kit, outDir, quiet: true, manifest: plannedManifest(kit, (c, site) => planJobs(c, site, profiles)) });
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const page = (p: string) => readPage(outDir, p);

describe(`${COUNT} sample editions extending national 2022`, () => {
  it('every page is at most 50 KB', () => {
    const sizes = result.pages.map((p) => [p, statSync(path.join(outDir, p)).size] as const).sort((a, b) => b[1] - a[1]);
    console.log(`${COUNT} editions: ${sizes.length} HTML pages; largest: ${sizes.slice(0, 3).map(([p, s]) => `${p} ${(s / 1024).toFixed(1)} KB`).join(', ')}`);
    for (const [p, size] of sizes) expect(size, p).toBeLessThanOrEqual(PAGE_BUDGET);
  });

  it('the home page lists every edition once, grouped by province, with an anchor index that needs no JavaScript', () => {
    const { root: home } = page('index.html');
    const groups = home.querySelectorAll('.region');
    expect(groups.map((g) => g.querySelector('h3')!.childNodes[0]!.textContent).sort()).toEqual([...PROVINCES].sort());
    const links = home.querySelectorAll('.editions a').map((a) => a.getAttribute('href'));
    expect(links).toHaveLength(COUNT);
    expect(new Set(links).size).toBe(COUNT);
    // The index links to each section by its id, and says how many editions it holds.
    const index = home.querySelectorAll('.regions li');
    expect(index).toHaveLength(PROVINCES.length);
    for (const li of index) {
      const target = home.querySelector(li.querySelector('a')!.getAttribute('href')!)!;
      expect(target.tagName).toBe('H3');
      expect(Number(text(li.querySelector('small')))).toBe(target.parentNode!.querySelectorAll('.editions li').length);
    }
    // The 示例 badge sits once on each all-sample province, not on 365 entries.
    expect(home.querySelectorAll('.region h3 .badge')).toHaveLength(PROVINCES.length);
    expect(home.querySelectorAll('.editions .badge')).toHaveLength(0);
    // The search box is hidden until the script shows it.
    expect(home.querySelector('.filter')!.hasAttribute('hidden')).toBe(true);
    expect(home.querySelectorAll('script')).toHaveLength(1);
  });

  it('labels inherited slogans 全国口号 and local ones 本地口号 on the year, share and gallery pages', () => {
    const { root: year } = page('sample-0001/2022/index.html');
    const items = year.querySelectorAll('.slogans li');
    expect(items).toHaveLength(16);
    expect(items.map((li) => text(li.querySelector('.origin')))).toEqual([...Array(15).fill('全国口号'), '本地口号']);
    expect(text(items[15]!.querySelector('a'))).toBe(sampleSlogan(1));
    expect(text(page('sample-0001/2022/s/16/index.html').root.querySelector('.kicker .origin'))).toBe('本地口号');
    expect(text(page('sample-0001/2022/s/1/index.html').root.querySelector('.kicker .origin'))).toBe('全国口号');
    const gallery = page('sample-0001/2022/posters/school-screen/index.html').root;
    const origins = gallery.querySelectorAll('.grid li').map((li) => li.querySelector('.origin')?.textContent ?? '');
    expect(origins).toEqual(['', ...Array(15).fill('全国口号'), '本地口号']);
    // A local-only edition: its one slogan is 本地口号; the national pages carry no label.
    expect(text(page('sample-0002/2022/index.html').root.querySelector('.slogans .origin'))).toBe('本地口号');
    expect(page('national/2022/index.html').root.querySelector('.origin')).toBeNull();
  });
});
