import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKitData } from '../../src/campaign/load.ts';
import { buildSite, type BuildSiteResult } from '../../src/site/build-site.ts';
import { plannedManifest } from './fixture.ts';

// Lighthouse-style budget on the shipped data: each HTML page ≤ 50 KB, the webfont ≤ 300 KB. Nothing from a third party.

const PAGE_BUDGET = 50 * 1024;
const FONT_BUDGET = 300 * 1024;

const kit = loadKitData(path.resolve('data'));
let outDir: string;
let result: BuildSiteResult;
beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'qmkit-budget-'));
  result = await buildSite({ kit, outDir, quiet: true, manifest: plannedManifest(kit) });
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('budget, shipped data', () => {
  it('every HTML page is at most 50 KB', () => {
    const sizes = result.pages.map((p) => [p, statSync(path.join(outDir, p)).size] as const).sort((a, b) => b[1] - a[1]);
    console.log(`HTML pages: ${sizes.length}; largest: ${sizes.slice(0, 5).map(([p, s]) => `${p} ${(s / 1024).toFixed(1)} KB`).join(', ')}`);
    for (const [p, size] of sizes) expect(size, p).toBeLessThanOrEqual(PAGE_BUDGET);
  });

  it('the webfont is at most 300 KB', () => {
    const bytes = statSync(path.join(outDir, result.font.file)).size;
    console.log(`webfont ${result.font.file}: ${(bytes / 1024).toFixed(1)} KB, ${result.font.chars} characters`);
    expect(bytes).toBe(result.font.bytes);
    expect(bytes).toBeLessThanOrEqual(FONT_BUDGET);
  });

  it('building twice gives the same font bytes (deterministic subset)', async () => {
    const again = mkdtempSync(path.join(tmpdir(), 'qmkit-budget-'));
    try {
      const second = await buildSite({ kit, outDir: again, quiet: true, manifest: plannedManifest(kit) });
      expect(second.font).toEqual(result.font);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
