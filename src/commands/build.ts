import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from '../cli.ts';
import { UsageError } from '../errors.ts';
import { cacheMax, formatBytes, pruneCacheDaily } from '../kit/cache-prune.ts';
import { buildInputsKey, recordBuild, upToDate } from '../kit/up-to-date.ts';

export function parseIntFlag(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} 应为 ${min} 到 ${max} 之间的整数，收到「${String(value)}」`);
  return n;
}

/** `--shard k/n`: this machine renders shard k of n (1 ≤ k ≤ n ≤ 1000). */
export function parseShard(value: unknown): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(String(value));
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || count > 1000 || index > count) {
    throw new UsageError(`--shard 应为 k/n：共 n 个分片（1–1000）中的第 k 个（1 ≤ k ≤ n），如 --shard 2/4，收到「${String(value)}」`);
  }
  return { index, count };
}

/** A folder as a message shows it: relative to the working folder when it is inside it, else absolute. */
export function shownDir(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}

/** The render cache folder: --cache-dir, else .cache/qmkit; false with --no-cache. */
export function cacheDirOption(values: Record<string, unknown>): string | false {
  if (values['no-cache']) return false;
  return path.resolve(values['cache-dir'] !== undefined ? String(values['cache-dir']) : '.cache/qmkit');
}

/** Crop marks on the print PDFs: on unless --no-print-marks; --print-marks says so explicitly. */
export function printMarksFlag(values: Record<string, unknown>): boolean {
  if (values['print-marks'] && values['no-print-marks']) throw new UsageError('--print-marks 与 --no-print-marks 不能同时使用');
  return !values['no-print-marks'];
}

const command: Command = {
  description: '构建整套宣传物料：校验数据、渲染全部海报和分享卡、生成微网站、清单和下载包，然后整体替换输出文件夹。',
  usage:
    'qmkit build [--data <目录>] [--out <目录>] [--base-url <网址>] [--edition <版本>] [--year <年份>] [--profile <规格>…] [--jobs <n>] [--shard <k/n>] [--cache-dir <目录>] [--no-cache] [--no-print-marks] [--allow-audit-failures]',
  options: {
    data: { type: 'string', default: 'data' },
    out: { type: 'string', default: 'output' },
    'base-url': { type: 'string' },
    edition: { type: 'string' },
    year: { type: 'string' },
    profile: { type: 'string', multiple: true },
    jobs: { type: 'string' },
    shard: { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'print-marks': { type: 'boolean', default: false },
    'no-print-marks': { type: 'boolean', default: false },
    'allow-audit-failures': { type: 'boolean', default: false },
  },
  async run(values) {
    const started = performance.now();
    const dataDir = path.resolve(String(values.data));
    const outDir = path.resolve(String(values.out));
    const cacheDir = cacheDirOption(values);
    const shard = parseShard(values.shard);
    const what = {
      ...(shard ? { shard } : {}),
      ...(values['base-url'] !== undefined ? { baseUrl: String(values['base-url']) } : {}),
      ...(values.edition !== undefined ? { edition: String(values.edition) } : {}),
      ...(values.year !== undefined ? { year: parseIntFlag('year', values.year, 1978, 2100)! } : {}),
      ...(values.profile ? { profiles: values.profile as string[] } : {}),
      printMarks: printMarksFlag(values),
    };
    const jobs = values.jobs !== undefined ? parseIntFlag('jobs', values.jobs, 1, 64)! : undefined;
    // The cache's limit is read now, so that a mistyped QMKIT_CACHE_MAX stops the build before it starts.
    const maxCacheBytes = cacheDir ? cacheMax() : 0;
    // Nothing changed since the last build into this folder, which is as that build left it: nothing to do.
    let key: string | undefined;
    if (cacheDir) {
      try {
        key = buildInputsKey(dataDir, { ...what, outDir });
      } catch {
        key = undefined; // e.g. no data folder: the full build says what is wrong.
      }
      const same = key && upToDate(cacheDir, outDir, key);
      if (same) {
        console.error(`没有改动：${shownDir(outDir)}/ 与上次构建完全相同（${same.files} 个文件），无需重新构建，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒。`);
        return 0;
      }
    }
    // The render workers (and a first build's font subsetter) start before the build's own code loads (~0.15 s).
    const { firstBuild, startRenderPool, stopRenderPool } = await import('../kit/pool.ts');
    const workers = startRenderPool(jobs ?? availableParallelism(), firstBuild(cacheDir));
    let loaded: [typeof import('../kit/build.ts'), typeof import('../kit/progress.ts')];
    try {
      loaded = await Promise.all([import('../kit/build.ts'), import('../kit/progress.ts')]);
    } catch (error) {
      await stopRenderPool(workers);
      throw error;
    }
    const [{ buildKit }, { consoleProgress }] = loaded;
    const progress = consoleProgress();
    const summary = await buildKit({
      workers,
      dataDir,
      outDir,
      ...what,
      ...(jobs !== undefined ? { jobs } : {}),
      allowAuditFailures: Boolean(values['allow-audit-failures']),
      cacheDir,
      progress,
      ...(shard ? { shard } : {}),
      // Only a clean build is recorded: one that needed --allow-audit-failures is built again next time.
      onSwapped: (audit) => {
        if (cacheDir && key && audit.ok) recordBuild(cacheDir, outDir, key);
      },
    });
    if (summary.shard) {
      const { imbalance } = await import('../kit/build.ts');
      const { index, count, totalJobs, balance } = summary.shard;
      const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
      const pixels = balance.pixels.reduce((a, b) => a + b, 0);
      progress.info(
        `分片 ${index}/${count}：渲染 ${summary.jobs} 个任务（共 ${totalJobs} 个的 ${pct(summary.jobs, totalJobs)}，平均每片 ${pct(1, count)}），` +
          `估算像素成本占 ${pct(balance.pixels[index - 1]!, pixels)}。` +
          `各分片任务数 ${balance.jobs.join('/')}，最多的是平均的 ${imbalance(balance.jobs).toFixed(2)} 倍；像素成本最多的是平均的 ${imbalance(balance.pixels).toFixed(2)} 倍。`,
      );
    }
    const kinds = Object.entries(summary.countsByKind)
      .map(([k, n]) => `${k} ${n}`)
      .join('，');
    progress.info(
      `完成：${summary.campaigns} 个活动，${summary.jobs} 个渲染任务（新渲染 ${summary.rendered}，缓存命中 ${summary.cacheHits}），` +
        `${summary.files} 个图片文件（${kinds}），${summary.manifest.packs.length} 个下载包，用时 ${(summary.ms / 1000).toFixed(1)} 秒。`,
    );
    if (process.env.DEBUG) progress.info(`各阶段用时（ms）：${JSON.stringify(Object.fromEntries(Object.entries(summary.stages).map(([k, v]) => [k, Math.round(v)])))}`);
    progress.info(`易读性审核：${summary.audit.total - summary.audit.failed}/${summary.audit.total} 个文件通过（audit.json）。`);
    progress.info(
      summary.shard
        ? `分片输出：${shownDir(summary.outDir)}/（构建编号 ${summary.manifest.build!.id.slice(0, 12)}…）。全部 ${summary.shard.count} 个分片完成后，用 qmkit merge <各分片目录> --out <目录> 合并`
        : `输出：${shownDir(summary.outDir)}/（清单 manifest.json）`,
    );
    // Once a day: the cache stays under its limit (cache-prune.ts). The output is done by now: a cache that cannot be
    // pruned (read-only, say) is worth a warning, not a failed build.
    let pruned: ReturnType<typeof pruneCacheDaily>;
    try {
      pruned = cacheDir ? pruneCacheDaily(cacheDir, maxCacheBytes) : undefined;
    } catch (error) {
      progress.info(`注意：未能清理缓存 ${cacheDir}：${(error as Error).message}`);
    }
    if (pruned && pruned.removedEntries > 0) {
      progress.info(
        `缓存超过上限 ${formatBytes(maxCacheBytes)}：删除了 ${pruned.removedEntries} 个最久未用的条目（${formatBytes(pruned.removedBytes)}），现有 ${formatBytes(pruned.usage.bytes)}。上限可用环境变量 QMKIT_CACHE_MAX 设置（如 5G），qmkit cache 查看缓存。`,
      );
    }
    return 0;
  },
};
export default command;
