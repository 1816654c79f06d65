// One build of the benchmark kit in its own process, so that its peak RSS (the process's, which covers the worker
// threads) is its own. Input: a JSON argument; output: one JSON line on stdout. Used by bench/run.ts.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { buildKit, mergeKit } from '../src/kit/build.ts';

export interface KitBuildArgs {
  dataDir: string;
  outDir: string;
  /** A cache folder, or false for a cold build without one. */
  cacheDir: string | false;
  edition?: string;
  year?: number;
  jobs?: number;
  profiles?: string[];
  /** Build one shard of a split. */
  shard?: { index: number; count: number };
  /** Merge these shard outputs instead of building. */
  merge?: string[];
}

export interface KitBuildResult {
  jobs: number;
  rendered: number;
  cacheHits: number;
  ms: number;
  stages: Record<string, number>;
  /** Peak RSS of this process (main thread plus worker threads), bytes. */
  maxRssBytes: number;
  /** User + system CPU of this process, ms. */
  cpuMs: number;
  /** Manifest PNG assets: path → bytes. */
  pngBytes: Record<string, number>;
  /** Every PNG in the output (thumbnails and contact sheet too), bytes. */
  allPngBytes: number;
  /** 1-minute load average before and after the build (the machine is shared). */
  loadBefore: number;
  loadAfter: number;
  /** HTML pages in the output (the microsite). */
  htmlPages: number;
  campaigns: number;
}

function pngTotal(dir: string): number {
  let total = 0;
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    if (rel.endsWith('.png')) total += statSync(path.join(dir, rel)).size;
  }
  return total;
}

const htmlCount = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.html')).length;

const args = JSON.parse(process.argv[2] ?? '{}') as KitBuildArgs;
const loadBefore = loadavg()[0]!;
const protect = [path.resolve(import.meta.dirname, '..'), args.dataDir];
const summary = args.merge
  ? await mergeKit({ parts: args.merge, dataDir: args.dataDir, outDir: args.outDir, cacheDir: args.cacheDir, ...(args.jobs ? { jobs: args.jobs } : {}), protect })
  : await buildKit({
      dataDir: args.dataDir,
      outDir: args.outDir,
      cacheDir: args.cacheDir,
      ...(args.edition !== undefined ? { edition: args.edition } : {}),
      ...(args.year !== undefined ? { year: args.year } : {}),
      ...(args.jobs ? { jobs: args.jobs } : {}),
      ...(args.profiles ? { profiles: args.profiles } : {}),
      ...(args.shard ? { shard: args.shard } : {}),
      protect,
    });
const usage = process.resourceUsage();
const pngBytes: Record<string, number> = {};
for (const a of summary.manifest.assets) if (a.path.endsWith('.png')) pngBytes[a.path] = readFileSync(path.join(args.outDir, a.path)).length;
const result: KitBuildResult = {
  jobs: summary.jobs,
  rendered: summary.rendered,
  cacheHits: summary.cacheHits,
  ms: summary.ms,
  stages: { ...summary.stages },
  maxRssBytes: usage.maxRSS * 1024,
  cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  pngBytes,
  allPngBytes: pngTotal(args.outDir),
  loadBefore,
  loadAfter: loadavg()[0]!,
  htmlPages: htmlCount(args.outDir),
  campaigns: summary.campaigns,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
