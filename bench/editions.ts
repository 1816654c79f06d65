// The scale bench of issue 14, part of `npm run bench` (or alone: `npm run bench -- --only-editions`). For each edition
// count (default 10, 100, 365) it generates sample editions extending national 2022 (bench/sample-editions.ts) and
// builds them cold on 3 profiles in a child process: images/s and peak RSS against the count (memory should stay flat,
// time grow linearly), the microsite's page count and build time. Then, for the largest count, 4 shards one after
// another plus the merge against that one build. Writes bench/results-editions.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DATA_DIR, fmt, ROOT, table } from './common.ts';
import type { KitBuildArgs, KitBuildResult } from './kit-build.ts';
import { writeSampleEditions } from './sample-editions.ts';

export interface EditionsBenchOptions {
  counts: number[];
  /** 'local': one local slogan per edition (2 subjects); 'add': the 15 national slogans plus it (17 subjects). */
  slogans: 'local' | 'add';
  /** Shards for the sharded run (0 to skip it). */
  shards: number;
  /** The edition count of the sharded run (default: the largest). */
  shardsAt?: number;
  profiles: string[];
  keep: boolean;
}

export const EDITION_PROFILES = ['school-screen', 'share-og', 'community-led-128x32'];
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const log = (line: string) => process.stderr.write(`${line}\n`);

function kitBuild(args: KitBuildArgs): KitBuildResult & { processMs: number } {
  const t0 = performance.now();
  const r = spawnSync(TSX, [path.join(import.meta.dirname, 'kit-build.ts'), JSON.stringify(args)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench: kit-build failed (exit ${r.status ?? r.signal})`);
  return { ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as KitBuildResult), processMs: performance.now() - t0 };
}

export function editionsBench(o: EditionsBenchOptions): string {
  const work = mkdtempSync(path.join(tmpdir(), 'qmkit-bench-editions-'));
  const started = performance.now();
  const loadStart = loadavg()[0]!;
  try {
    const shardsAt = o.shardsAt ?? Math.max(...o.counts);
    const runs: (KitBuildResult & { count: number; dataDir: string; processMs: number })[] = [];
    let sharded: { editions: number; single: KitBuildResult; shards: KitBuildResult[]; merge: KitBuildResult; totalMs: number } | undefined;
    for (const count of o.counts) {
      const dataDir = writeSampleEditions(path.join(work, `data-${count}`), { count, slogans: o.slogans, from: DATA_DIR });
      const outDir = path.join(work, `out-${count}`);
      const r = kitBuild({ dataDir, outDir, cacheDir: false, profiles: o.profiles });
      log(`  ${count} editions: ${r.jobs} images in ${fmt(r.ms / 1000)} s (${fmt(r.jobs / (r.ms / 1000), 2)} images/s), peak RSS ${fmt(r.maxRssBytes / 2 ** 30, 2)} GiB, ${r.htmlPages} pages; stages ${JSON.stringify(Object.fromEntries(Object.entries(r.stages).map(([k, v]) => [k, Math.round(v / 100) / 10])))}`);
      rmSync(outDir, { recursive: true, force: true });
      runs.push({ count, dataDir, ...r });
      if (o.shards > 1 && count === shardsAt) {
        const parts = Array.from({ length: o.shards }, (_, i) => path.join(work, `part-${i + 1}`));
        const shards = parts.map((part, i) => {
          const s = kitBuild({ dataDir, outDir: part, cacheDir: false, profiles: o.profiles, shard: { index: i + 1, count: o.shards } });
          log(`  shard ${i + 1}/${o.shards}: ${s.jobs} images in ${fmt(s.ms / 1000)} s, peak RSS ${fmt(s.maxRssBytes / 2 ** 30, 2)} GiB`);
          return s;
        });
        const merge = kitBuild({ dataDir, outDir: path.join(work, 'merged'), cacheDir: false, merge: parts });
        log(`  merge: ${fmt(merge.ms / 1000)} s, peak RSS ${fmt(merge.maxRssBytes / 2 ** 30, 2)} GiB`);
        for (const part of parts) rmSync(part, { recursive: true, force: true });
        rmSync(path.join(work, 'merged'), { recursive: true, force: true });
        sharded = { editions: count, single: r, shards, merge, totalMs: shards.reduce((a, x) => a + x.ms, 0) + merge.ms };
      }
    }
    const ips = (r: KitBuildResult) => r.jobs / (r.ms / 1000);
    const base = runs[0]!;
    const results = {
      date: new Date().toISOString(),
      machine: { cores: availableParallelism(), node: process.version, loadStart, loadEnd: loadavg()[0]! },
      profiles: o.profiles,
      slogans: o.slogans,
      runs: runs.map((r) => ({
        editions: r.count,
        campaigns: r.campaigns,
        images: r.jobs,
        ms: r.ms,
        imagesPerSec: ips(r),
        msPerImageOverSmallest: r.ms / r.jobs / (base.ms / base.jobs),
        renderStageMs: r.stages.render,
        siteMs: r.stages.site,
        htmlPages: r.htmlPages,
        peakRssBytes: r.maxRssBytes,
        cpuMs: r.cpuMs,
        stages: r.stages,
      })),
      sharded: sharded
        ? {
            editions: sharded.editions,
            shards: o.shards,
            shardJobs: sharded.shards.map((s) => s.jobs),
            shardMs: sharded.shards.map((s) => s.ms),
            shardPeakRssBytes: sharded.shards.map((s) => s.maxRssBytes),
            mergeMs: sharded.merge.ms,
            mergePeakRssBytes: sharded.merge.maxRssBytes,
            sequentialTotalMs: sharded.totalMs,
            singleBuildMs: sharded.single.ms,
            ratioOverSingle: sharded.totalMs / sharded.single.ms,
          }
        : null,
      benchSeconds: (performance.now() - started) / 1000,
    };
    writeFileSync(path.join(import.meta.dirname, 'results-editions.json'), `${JSON.stringify(results, null, 2)}\n`);

    const gib = (b: number) => `${fmt(b / 2 ** 30, 2)} GiB`;
    const out: string[] = [];
    out.push(`editions at scale — sample editions extending national 2022 (${o.slogans === 'add' ? 'national slogans + 1 local' : '1 local slogan'} each), ${o.profiles.length} profiles (${o.profiles.join(', ')}), cold, no cache; load ${fmt(loadStart, 1)} → ${fmt(results.machine.loadEnd, 1)}`);
    out.push(
      table([
        ['editions', 'images', 'build s', 'images/s', 'ms/image ÷ smallest', 'render s', 'site s', 'pages', 'peak RSS'],
        ...results.runs.map((r) => [r.editions, r.images, fmt(r.ms / 1000), fmt(r.imagesPerSec, 2), fmt(r.msPerImageOverSmallest, 2), fmt((r.renderStageMs ?? NaN) / 1000), fmt((r.siteMs ?? NaN) / 1000), r.htmlPages, gib(r.peakRssBytes)]),
      ]),
    );
    if (results.sharded) {
      const s = results.sharded;
      out.push(
        `${s.shards} shards one after another + merge (${s.editions} editions): ${fmt(s.sequentialTotalMs / 1000)} s = shards ${s.shardMs.map((m) => fmt(m / 1000)).join(' + ')} + merge ${fmt(s.mergeMs / 1000)} s, ` +
          `${fmt(s.ratioOverSingle, 2)}× one build (${fmt(s.singleBuildMs / 1000)} s); jobs per shard ${s.shardJobs.join('/')}; peak RSS shards ≤ ${gib(Math.max(...s.shardPeakRssBytes))}, merge ${gib(s.mergePeakRssBytes)}`,
      );
    }
    out.push(`Written to bench/results-editions.json in ${fmt(results.benchSeconds, 0)} s.`);
    return out.join('\n');
  } finally {
    if (!o.keep) rmSync(work, { recursive: true, force: true });
  }
}
