import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crop, decodeJsQr, decodePng, decodeZxing } from '../../src/audit/qr-decode.ts';
import { buildKit } from '../../src/kit/build.ts';
import type { Manifest } from '../../src/kit/manifest.ts';
import { sampleData, tempDir } from '../kit/helpers.ts';
import { launch, serve, type Served } from './harness.ts';

// The public's whole path in one test: a built kit's share card is decoded from its PNG with both decoders, the
// URL (on the office's real host) is mapped to a local server, and Chromium must show exactly that card's slogan.

const BASE = 'https://zlgy.test-office.cn/zlgy/';
const SLOGANS = ['示例口号甲 质量第一', '示例口号乙 品质生活', '示例口号丙 人人参与'];

describe('scan the card', () => {
  let browser: Browser;
  let served: Served;
  let manifest: Manifest;
  let outDir: string;

  beforeAll(async () => {
    const data = sampleData(SLOGANS);
    // The office hosts the kit under /zlgy/: baseUrl and pathPrefix agree.
    const site = readFileSync(path.join(data, 'site.yaml'), 'utf8').replace(/baseUrl: .*/, `baseUrl: ${BASE}`).replace('pathPrefix: /', 'pathPrefix: /zlgy/');
    writeFileSync(path.join(data, 'site.yaml'), site);
    outDir = path.join(tempDir('qmkit-scan-'), 'out');
    await buildKit({ dataDir: data, outDir, profiles: ['share-moments', 'share-square', 'share-og', 'share-wx-cover', 'share-miniprogram'], cacheDir: false, protect: [data] });
    manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as Manifest;
    served = await serve(outDir, '/zlgy/');
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('every share card leads to the page that shows its own slogan', async () => {
    const cards = manifest.assets.filter((a) => a.url !== null);
    expect(cards).toHaveLength(5 * (SLOGANS.length + 1));
    const page = await browser.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith(served.origin) ? route.continue() : route.abort()));
    for (const card of cards) {
      const image = decodePng(readFileSync(path.join(outDir, card.path)));
      // A phone frames the code; decode the bottom-right or centre area where it is, as found by either decoder.
      const read = [decodeJsQr(image), decodeZxing(image)];
      const tile = read.includes(card.url!) ? image : crop(image, 0, image.height / 2, image.width, image.height / 2);
      const urls = [decodeJsQr(tile), decodeZxing(tile)];
      expect(urls, card.path).toEqual([card.url, card.url]);
      const url = urls[0]!;
      expect(url.startsWith(BASE)).toBe(true);
      const local = `${served.origin}/zlgy/${url.slice(BASE.length)}`;
      const response = await page.goto(local);
      expect(response?.status(), local).toBe(200);
      const n = /\/s\/(\d+)\/$/.exec(url)?.[1];
      if (n) {
        const shown = (await page.locator('h1').innerText()).replace(/\s+/g, ' ').trim();
        expect(shown, card.path).toBe(SLOGANS[Number(n) - 1]);
        expect(card.text).toBe(SLOGANS[Number(n) - 1]);
      } else {
        expect(await page.locator('h1').innerText()).toContain('示例主题');
      }
    }
  });
});
