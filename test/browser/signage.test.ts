import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE } from '../site/fixture.ts';
import { buildTestFixture, launch, serve, type Served } from './harness.ts';

// The signage page in headless Chromium, with its Content-Security-Policy in force: it rotates, fits the three
// screen shapes without scrollbars, follows its query parameters, and keeps running with the network gone.

let browser: Browser;
let served: Served;
let cleanup: () => void;

beforeAll(async () => {
  const [b, f] = await Promise.all([launch(), buildTestFixture()]);
  browser = b;
  cleanup = f.cleanup;
  served = await serve(f.outDir, '/zlgy/');
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  cleanup?.();
});

const DISPLAY = 'national/2024/display/';
const ALL = ['加强质量支撑 共建质量强国', '坚持质量第一 建设质量强国', '人人创造质量 人人享受质量', '质量发展 利民惠民'];

/** Pages on Playwright's fake clock: their slides turn only when watch() moves time on, however long they took to load. */
const clocked = new WeakSet<Page>();

/** A new page in `context`, on a fake clock when `clock` is set (watch() then moves that clock on). */
async function newPage(context: BrowserContext, clock: boolean): Promise<Page> {
  if (clock) await context.clock.install();
  const page = await context.newPage();
  if (clock) clocked.add(page);
  return page;
}

async function open(viewport: { width: number; height: number }, query = '', extra: Parameters<Browser['newContext']>[0] = {}, clock = false) {
  const context = await browser.newContext({ viewport, ...extra });
  const page = await newPage(context, clock);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(served.url(DISPLAY) + query);
  await page.evaluate('document.fonts.ready');
  return { context, page, errors };
}

const current = (page: Page) => page.evaluate(`document.querySelector('.slide.on .text').textContent`) as Promise<string>;

/**
 * The slides shown over `seconds`, sampled every 200 ms, without repeats in a row: of the page's own time on a fake
 * clock (a loaded machine once made a page miss its first 1-second slide while it loaded), else of real time.
 */
async function watch(page: Page, seconds: number): Promise<string[]> {
  const seen: string[] = [];
  for (let t = 0; t < seconds * 5; t++) {
    const text = await current(page);
    if (seen[seen.length - 1] !== text) seen.push(text);
    if (clocked.has(page)) await page.clock.runFor(200);
    else await page.waitForTimeout(200);
  }
  return seen;
}

const SIZES = [
  { width: 1920, height: 1080, mode: 'landscape' },
  { width: 1080, height: 1920, mode: 'portrait' },
  { width: 1920, height: 360, mode: 'bar' },
] as const;

describe('signage page', () => {
  it('rotates the theme and the slogans at the given interval, under its own CSP, with no error', async () => {
    const { context, page, errors } = await open({ width: 1920, height: 1080 }, '?interval=1', {}, true);
    expect(await current(page)).toBe(ALL[0]);
    const seen = await watch(page, 4.6);
    expect(seen.slice(0, 5)).toEqual([...ALL, ALL[0]]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(SIZES)('fits $width×$height with no scrollbar and no clipped text (auto orientation: $mode)', async ({ width, height, mode }) => {
    const { context, page } = await open({ width, height });
    expect(await page.evaluate('document.body.className')).toBe(mode);
    const overflow = (await page.evaluate(`(() => {
      const d = document.documentElement;
      const out = [];
      if (d.scrollWidth > d.clientWidth || d.scrollHeight > d.clientHeight) out.push('page ' + d.scrollWidth + '×' + d.scrollHeight);
      for (const s of document.querySelectorAll('.slide:not(.off)')) {
        if (s.scrollWidth > s.clientWidth || s.scrollHeight > s.clientHeight) out.push(s.getAttribute('aria-label') + ' ' + s.scrollWidth + '×' + s.scrollHeight + ' in ' + s.clientWidth + '×' + s.clientHeight);
      }
      return out;
    })()`)) as string[];
    expect(overflow).toEqual([]);
    // Big type: the theme is at least 4 % of the screen's shorter side.
    const size = (await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('.slide.on .text')).fontSize)`)) as number;
    expect(size).toBeGreaterThanOrEqual(Math.min(width, height) * 0.04);
    if (process.env.QM_SHOTS) await page.screenshot({ path: `${process.env.QM_SHOTS}/display-${mode}.png` });
    await context.close();
  });

  it.each([
    ['?slogans=2,3&theme=0&interval=1', [ALL[2], ALL[3], ALL[2]]],
    ['?slogans=none&interval=1', [ALL[0]]],
    ['?slogans=3-9&interval=1', [ALL[0], ALL[3], ALL[0]]],
    ['?slogans=abc&theme=0&interval=1', [ALL[1], ALL[2], ALL[3]]],
  ])('%s shows %j', async (query, expected) => {
    const { context, page } = await open({ width: 1920, height: 1080 }, query, {}, true);
    const seen = await watch(page, expected.length === 1 ? 2.2 : 2.6);
    expect(seen.slice(0, expected.length)).toEqual(expected);
    if (expected.length === 1) expect(seen).toEqual(expected);
    await context.close();
  });

  it('orientation can be forced, and the interval is clamped', async () => {
    const { context, page } = await open({ width: 1920, height: 1080 }, '?orientation=bar&interval=0.01');
    expect(await page.evaluate('document.body.className')).toBe('bar');
    // Clamped to 1 s: about 3 changes in 3 s, not hundreds.
    const changes = (await page.evaluate(`new Promise((resolve) => {
      let n = 0;
      const seen = new MutationObserver(() => { n++; });
      for (const s of document.querySelectorAll('.slide')) seen.observe(s, { attributes: true, attributeFilter: ['class'] });
      setTimeout(() => { seen.disconnect(); resolve(n); }, 3000);
    })`)) as number;
    // One observer callback per change (the slide leaving and the slide coming change in the same task).
    expect(changes).toBeGreaterThanOrEqual(2);
    expect(changes).toBeLessThanOrEqual(4);
    await context.close();
  });

  it('uses no transition when the viewer prefers reduced motion, and fades otherwise', async () => {
    const reduced = await open({ width: 1920, height: 1080 }, '', { reducedMotion: 'reduce' });
    expect(await reduced.page.evaluate(`getComputedStyle(document.querySelector('.slide')).transitionDuration`)).toBe('0s');
    await reduced.context.close();
    const normal = await open({ width: 1920, height: 1080 }, '', { reducedMotion: 'no-preference' });
    expect(await normal.page.evaluate(`getComputedStyle(document.querySelector('.slide')).transitionDuration`)).not.toBe('0s');
    await normal.context.close();
  });

  it('keeps rotating with the network unplugged after the first load, and reloads from its service worker', async () => {
    const { context, page, errors } = await open({ width: 1920, height: 1080 }, '?interval=1');
    await page.evaluate('navigator.serviceWorker.ready');
    await context.setOffline(true);
    const seen = await watch(page, 3.4);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    // A screen that restarts its browser while the network is down still shows the slogans (the font included).
    await page.reload();
    expect(await current(page)).toBe(ALL[0]);
    await page.evaluate('document.fonts.ready');
    expect(await page.evaluate(`[...document.fonts].some((f) => f.status === 'loaded')`)).toBe(true);
    expect((await watch(page, 2.4)).length).toBeGreaterThanOrEqual(2);
    expect(errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    await context.close();
  });

  it('shows hostile slogans as text and runs nothing from them', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await newPage(context, true);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(served.url('hostile/2022/display/?interval=1&theme=0'));
    const seen = await watch(page, 4.4);
    expect(seen.slice(0, 4)).toEqual([...HOSTILE]);
    expect(await page.evaluate(`document.querySelectorAll('img, script:not(:last-of-type)').length`)).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
