import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKitData } from '../../src/campaign/load.ts';
import { buildSite } from '../../src/site/build-site.ts';
import type { TemplateCache } from '../../src/site/template-cache.ts';
import { plannedManifest } from './fixture.ts';
import { memoryStore } from '../memory-store.ts';

// Compiled Nunjucks templates from the build's cache: the same pages, byte for byte, and Nunjucks' compiler as it was.

const kit = loadKitData(path.resolve('data'));
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'qmkit-njk-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const build = async (cache?: TemplateCache, salt = 's1') => {
  const outDir = tempDir();
  const result = await buildSite({ kit, outDir, quiet: true, maker: false, manifest: plannedManifest(kit), ...(cache ? { templateCache: { cache, salt } } : {}) });
  return new Map(result.pages.map((p) => [p, readFileSync(path.join(outDir, p), 'utf8')]));
};

describe('compiled template cache', () => {
  it('a second build compiles nothing and writes the same pages as a build without the cache', async () => {
    const plain = await build();
    const cache = memoryStore<string>();
    const first = await build(cache);
    // Pages, layouts and partials, each compiled once (a partial that several pages include comes from memory).
    expect(cache.puts).toBeGreaterThan(5);
    expect([cache.gets, cache.hits]).toEqual([cache.puts, 0]);
    const { puts } = cache;
    const second = await build(cache);
    expect([cache.puts, cache.hits]).toEqual([puts, puts]);
    expect([...first.keys()]).toEqual([...plain.keys()]);
    for (const [page, html] of plain) {
      expect(first.get(page), page).toBe(html);
      expect(second.get(page), page).toBe(html);
    }
    // Another salt (a changed template, another Eleventy): nothing is taken from the entries of the first.
    await build(cache, 's2');
    expect(cache.puts).toBe(2 * puts);
  }, 60_000);

  it('a cached source is what the pages are made from, and the compiler is restored after the build', async () => {
    const cache = memoryStore<string>();
    await build(cache);
    // Mark one cached page template: its output shows the mark, so the cache is really read.
    const [key, source] = [...cache.store].find(([, s]) => s.includes('<!doctype html>'))!;
    cache.store.set(key, source.replace('<!doctype html>', '<!doctype html><!--QM-CACHE-MARK-->'));
    const pages = await build(cache);
    expect([...pages.values()].some((html) => html.includes('QM-CACHE-MARK'))).toBe(true);
    const require = createRequire(import.meta.url);
    const compiler = require('nunjucks/src/compiler') as { compile: { name: string } };
    expect(compiler.compile.name).toBe('compile');
  }, 60_000);
});
