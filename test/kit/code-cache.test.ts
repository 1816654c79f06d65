import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKit } from '../../src/kit/build.ts';
import { sampleData, tempDir, treeHashes } from './helpers.ts';

// The render workers run their code through vm.Script with V8's code cache (src/kit/render-worker.mjs), kept in a
// folder of its own here (QMKIT_CODE_CACHE): made by the first build's workers, used by the next, and a cache that
// is not V8's (damaged, or from another Node) is compiled past and replaced, never a reason for other output.

const ROOT = path.resolve(__dirname, '../..');
const SLOGANS = ['示例口号甲 质量第一', '示例口号乙 品质生活', '示例口号丙 人人参与'];
// Print posters and other images: both kinds of render, 16 jobs and more on one worker.
const PROFILES = ['school-screen', 'share-og', 'transit-bus-led', 'print-a4'];

describe('the render workers’ code cache', () => {
  it('is written by a first build, read by the next, and replaced when damaged; the output is the same each time', async () => {
    const codeCache = tempDir('qmkit-code-cache-');
    const previous = process.env.QMKIT_CODE_CACHE;
    process.env.QMKIT_CODE_CACHE = codeCache;
    try {
      const data = sampleData(SLOGANS);
      const work = tempDir('qmkit-code-cache-build-');
      const build = async (name: string) => {
        const outDir = path.join(work, name);
        const summary = await buildKit({ dataDir: data, outDir, profiles: PROFILES, jobs: 1, cacheDir: false, protect: [ROOT, data] });
        expect(summary.rendered).toBeGreaterThanOrEqual(16);
        return treeHashes(outDir);
      };
      const files = () => readdirSync(codeCache).filter((f) => f.endsWith('.bin'));

      const first = await build('a');
      expect(files()).toHaveLength(1);
      const [file] = files();
      const made = readFileSync(path.join(codeCache, file!));
      expect(made.length).toBeGreaterThan(1_000_000); // the bytecode of the functions a build ran

      const second = await build('b');
      expect(second).toEqual(first);

      writeFileSync(path.join(codeCache, file!), Buffer.alloc(made.length, 0x5a));
      const third = await build('c');
      expect(third).toEqual(first);
      const replaced = readFileSync(path.join(codeCache, file!));
      expect(replaced.length).toBeGreaterThan(1_000_000);
      expect(replaced.equals(Buffer.alloc(made.length, 0x5a))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.QMKIT_CODE_CACHE;
      else process.env.QMKIT_CODE_CACHE = previous;
    }
  }, 180_000);
});
