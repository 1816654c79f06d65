// The home page with many local editions (issue 14): grouped by province, and a filter that works without
// JavaScript too. With JavaScript off, picking a province in the index shows that province alone (a CSS :target
// rule) and 显示全部省份 shows them all again; with JavaScript on, the search box narrows the list by name.
// Sample editions (示例), generated like the bench's; never shipped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVINCES, writeSampleEditions } from '../../bench/sample-editions.ts';
import { loadKitData } from '../../src/campaign/load.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { buildSite } from '../../src/site/build-site.ts';
import { plannedManifest } from '../site/fixture.ts';
import { launch, serve, type Served } from './harness.ts';

const COUNT = 40;
let root: string;
let served: Served;
let browser: Browser;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'qmkit-filter-'));
  const data = writeSampleEditions(path.join(root, 'data'), { count: COUNT, slogans: 'local', from: path.resolve('data') });
  const kit = loadKitData(data);
  const profiles = PROFILES.filter((p) => p.id === 'share-og');
  const outDir = path.join(root, 'out');
  await buildSite({ kit, outDir, quiet: true, manifest: plannedManifest(kit, (c, site) => planJobs(c, site, profiles)) });
  [served, browser] = await Promise.all([serve(outDir), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  rmSync(root, { recursive: true, force: true });
});

const visibleRegions = (page: import('playwright-core').Page) =>
  page.locator('.region').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.querySelector('h3')!.childNodes[0]!.textContent));

describe(`${COUNT} sample editions on the home page`, () => {
  it('without JavaScript: a province picked in the index shows alone, 显示全部省份 shows all', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(served.url(''));
    expect(await visibleRegions(page)).toHaveLength(PROVINCES.length);
    expect(await page.locator('.filter').isVisible()).toBe(false);
    await page.click('.regions a:text-is("天津市")');
    expect(await visibleRegions(page)).toEqual(['天津市']);
    // 天津市 holds the 2nd and the 33rd sample editions (31 provinces in turn).
    expect(await page.locator('.region:visible .editions li').allTextContents()).toEqual(['示例2号市', '示例33号市'].map((n) => expect.stringContaining(n)) as never);
    await page.click('a:text-is("显示全部省份")');
    expect(await visibleRegions(page)).toHaveLength(PROVINCES.length);
    expect(await page.locator('a:text-is("显示全部省份")').isVisible()).toBe(false);
    await context.close();
  });

  it('with JavaScript: the search box narrows the list to the editions whose name matches', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(served.url(''));
    await page.fill('#q', '示例3号市');
    expect(await page.locator('.editions li:visible').allTextContents()).toEqual([expect.stringContaining('示例3号市')] as never);
    expect(await page.locator('#qn').textContent()).toBe('找到 1 个');
    await context.close();
  });
});
