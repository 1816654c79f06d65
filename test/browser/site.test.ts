import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPLAY_SELECTOR, collectDisplayChars } from '../../src/site/font.ts';
import type { Fixture } from '../site/fixture.ts';
import { AXE_SOURCE, buildShipped, buildTestFixture, launch, serve, type Served } from './harness.ts';

// The microsite in headless Chromium: accessibility (axe-core), no request outside the site, the webfont, screenshots.

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
}

const SHIPPED_PAGES = ['', 'national/2022/', 'national/2024/', 'national/2022/s/6/', 'national/2022/posters/', 'national/2022/posters/community-led/', 'national/2022/display/', 'guide/', 'no/such/page/'];
const FIXTURE_PAGES = ['', 'national/2024/', 'national/2023/', 'national/2024/s/1/', 'national/2024/posters/', 'national/2024/posters/print-a4/', 'national/2024/display/', 'hostile/2022/', 'hostile/2022/s/2/', 'hostile/2022/display/'];

let browser: Browser;
let shipped: Awaited<ReturnType<typeof buildShipped>>;
let fixture: Fixture;
let servedShipped: Served;
let servedFixture: Served;

beforeAll(async () => {
  [browser, shipped, fixture] = await Promise.all([launch(), buildShipped(), buildTestFixture()]);
  servedShipped = await serve(shipped.outDir);
  servedFixture = await serve(fixture.outDir, '/zlgy/');
});
afterAll(async () => {
  await browser?.close();
  await servedShipped?.close();
  await servedFixture?.close();
  shipped?.cleanup();
  fixture?.cleanup();
});

async function axe(page: Page): Promise<AxeResult['violations']> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = (await page.evaluate('axe.run(document)')) as AxeResult;
  return result.violations;
}

const describeViolations = (v: AxeResult['violations']) =>
  v.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`).join(' | ')}`);

describe('accessibility (axe-core)', () => {
  it.each(SHIPPED_PAGES)('shipped data /%s has 0 violations on desktop and phone', async (p) => {
    // axe is injected as a script, which the pages' own Content-Security-Policy would (rightly) refuse.
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const context = await browser.newContext({ bypassCSP: true, viewport });
      const page = await context.newPage();
      await page.goto(servedShipped.url(p));
      expect(describeViolations(await axe(page)), `${p} at ${viewport.width}px`).toEqual([]);
      await context.close();
    }
  });

  it.each(FIXTURE_PAGES)('sample and hostile data /zlgy/%s has 0 violations', async (p) => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(servedFixture.url(p));
    expect(describeViolations(await axe(page)), p).toEqual([]);
    await context.close();
  });
});

describe('nothing from a third party', () => {
  it('no page requests anything outside the site, and nothing fails to load', async () => {
    const context = await browser.newContext();
    const outside: string[] = [];
    const failed: string[] = [];
    const dialogs: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(servedShipped.origin) || url.startsWith(servedFixture.origin)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/no/such/page/')) failed.push(`${r.status()} ${r.url()}`);
    });
    for (const [served, pages] of [[servedShipped, SHIPPED_PAGES], [servedFixture, FIXTURE_PAGES]] as const) {
      for (const p of pages) {
        await page.goto(served.url(p), { waitUntil: 'networkidle' });
        // Scroll through so lazy thumbnails load too.
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForLoadState('networkidle');
      }
    }
    await context.close();
    expect(outside).toEqual([]);
    // Shipped data has no poster files in this build: only its thumbnails may be missing.
    expect(failed.filter((f) => !/\/(thumbs|assets)\//.test(f) || f.includes('/zlgy/'))).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

describe('webfont', () => {
  it('is loaded, and covers every character the CSS sets in it', async () => {
    const pages = shipped.result.pages.map((p) => readFileSync(path.join(shipped.outDir, p), 'utf8'));
    const subset = new Set(collectDisplayChars(pages));
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const p of ['', 'national/2022/', 'national/2022/s/6/', 'national/2022/posters/', 'national/2022/display/', 'guide/']) {
      await page.goto(servedShipped.url(p));
      await page.evaluate('document.fonts.ready');
      const used = (await page.evaluate(`(() => {
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
          if (['SCRIPT', 'STYLE'].includes(el.tagName)) continue;
          if (!getComputedStyle(el).fontFamily.startsWith('"QM Sans"')) continue;
          for (const n of el.childNodes) if (n.nodeType === 3) out.push(n.textContent);
        }
        return out.join('');
      })()`)) as string;
      const missing = [...new Set([...used].filter((ch) => !/\s/.test(ch) && !subset.has(ch)))];
      expect(missing, `${p}: characters set in QM Sans but not matched by ${DISPLAY_SELECTOR}`).toEqual([]);
      expect(await page.evaluate(`[...document.fonts].some((f) => f.family.replace(/"/g, '') === 'QM Sans' && f.status === 'loaded')`), p).toBe(true);
    }
    await context.close();
  });
});

describe('screenshots for the README', () => {
  it('home, year and share pages at desktop and phone size', async () => {
    const dir = process.env.CI ? path.join(shipped.outDir, '..', 'qmkit-screenshots') : path.resolve('docs/screenshots');
    mkdirSync(dir, { recursive: true });
    for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: name === 'phone' ? 2 : 1 });
      const page = await context.newPage();
      for (const [what, p] of [['home', ''], ['year', 'national/2022/'], ['share', 'national/2022/s/6/']] as const) {
        await page.goto(servedShipped.url(p));
        await page.evaluate('document.fonts.ready');
        const png = await page.screenshot({ path: path.join(dir, `${what}-${name}.png`) });
        expect(png.length, `${what}-${name}`).toBeGreaterThan(10_000);
      }
      await context.close();
    }
  });
});
