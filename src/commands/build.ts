import path from 'node:path';
import type { Command } from '../cli.ts';
import { UsageError } from '../errors.ts';
import { buildInputsKey, recordBuild, upToDate } from '../kit/up-to-date.ts';

export function parseIntFlag(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} 应为 ${min} 到 ${max} 之间的整数，收到「${String(value)}」`);
  return n;
}

/** Crop marks on the print PDFs: on unless --no-print-marks; --print-marks says so explicitly. */
export function printMarksFlag(values: Record<string, unknown>): boolean {
  if (values['print-marks'] && values['no-print-marks']) throw new UsageError('--print-marks 与 --no-print-marks 不能同时使用');
  return !values['no-print-marks'];
}

const command: Command = {
  description: '构建整套宣传物料：校验数据、渲染全部海报和分享卡、生成微网站、清单和下载包，然后整体替换输出文件夹。',
  usage:
    'qmkit build [--data <目录>] [--out <目录>] [--base-url <网址>] [--edition <版本>] [--year <年份>] [--profile <规格>…] [--jobs <n>] [--no-cache] [--no-print-marks] [--allow-audit-failures]',
  options: {
    data: { type: 'string', default: 'data' },
    out: { type: 'string', default: 'output' },
    'base-url': { type: 'string' },
    edition: { type: 'string' },
    year: { type: 'string' },
    profile: { type: 'string', multiple: true },
    jobs: { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'print-marks': { type: 'boolean', default: false },
    'no-print-marks': { type: 'boolean', default: false },
    'allow-audit-failures': { type: 'boolean', default: false },
  },
  async run(values) {
    const started = performance.now();
    const dataDir = path.resolve(String(values.data));
    const outDir = path.resolve(String(values.out));
    const cacheDir = values['no-cache'] ? false : path.resolve('.cache/qmkit');
    const what = {
      ...(values['base-url'] !== undefined ? { baseUrl: String(values['base-url']) } : {}),
      ...(values.edition !== undefined ? { edition: String(values.edition) } : {}),
      ...(values.year !== undefined ? { year: parseIntFlag('year', values.year, 1978, 2100)! } : {}),
      ...(values.profile ? { profiles: values.profile as string[] } : {}),
      printMarks: printMarksFlag(values),
    };
    const jobs = values.jobs !== undefined ? parseIntFlag('jobs', values.jobs, 1, 64)! : undefined;
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
        const rel = path.relative(process.cwd(), outDir);
        console.error(`没有改动：${rel && !rel.startsWith('..') ? rel : outDir}/ 与上次构建完全相同（${same.files} 个文件），无需重新构建，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒。`);
        return 0;
      }
    }
    const [{ buildKit }, { consoleProgress }] = await Promise.all([import('../kit/build.ts'), import('../kit/progress.ts')]);
    const progress = consoleProgress();
    const summary = await buildKit({
      dataDir,
      outDir,
      ...what,
      ...(jobs !== undefined ? { jobs } : {}),
      allowAuditFailures: Boolean(values['allow-audit-failures']),
      cacheDir,
      progress,
    });
    // Only a clean build is recorded: one that needed --allow-audit-failures is built again next time.
    if (cacheDir && key && summary.audit.ok) recordBuild(cacheDir, outDir, key);
    const kinds = Object.entries(summary.countsByKind)
      .map(([k, n]) => `${k} ${n}`)
      .join('，');
    progress.info(
      `完成：${summary.campaigns} 个活动，${summary.jobs} 个渲染任务（新渲染 ${summary.rendered}，缓存命中 ${summary.cacheHits}），` +
        `${summary.files} 个图片文件（${kinds}），${summary.manifest.packs.length} 个下载包，用时 ${(summary.ms / 1000).toFixed(1)} 秒。`,
    );
    if (process.env.DEBUG) progress.info(`各阶段用时（ms）：${JSON.stringify(Object.fromEntries(Object.entries(summary.stages).map(([k, v]) => [k, Math.round(v)])))}`);
    progress.info(`易读性审核：${summary.audit.total - summary.audit.failed}/${summary.audit.total} 个文件通过（audit.json）。`);
    const rel = path.relative(process.cwd(), summary.outDir);
    progress.info(`输出：${rel && !rel.startsWith('..') ? rel : summary.outDir}/（清单 manifest.json）`);
    return 0;
  },
};
export default command;
