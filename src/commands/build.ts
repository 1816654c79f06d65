import path from 'node:path';
import type { Command } from '../cli.ts';
import { UsageError } from '../errors.ts';
import { buildKit } from '../kit/build.ts';
import { consoleProgress } from '../kit/progress.ts';

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
    const progress = consoleProgress();
    const summary = await buildKit({
      dataDir: path.resolve(String(values.data)),
      outDir: path.resolve(String(values.out)),
      ...(values['base-url'] !== undefined ? { baseUrl: String(values['base-url']) } : {}),
      ...(values.edition !== undefined ? { edition: String(values.edition) } : {}),
      ...(values.year !== undefined ? { year: parseIntFlag('year', values.year, 1978, 2100)! } : {}),
      ...(values.profile ? { profiles: values.profile as string[] } : {}),
      ...(values.jobs !== undefined ? { jobs: parseIntFlag('jobs', values.jobs, 1, 64)! } : {}),
      allowAuditFailures: Boolean(values['allow-audit-failures']),
      printMarks: printMarksFlag(values),
      cacheDir: values['no-cache'] ? false : path.resolve('.cache/qmkit'),
      progress,
    });
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
