import path from 'node:path';
import type { Command } from '../cli.ts';
import { UsageError } from '../errors.ts';
import { mergeKit } from '../kit/build.ts';
import { consoleProgress } from '../kit/progress.ts';
import { cacheDirOption, parseIntFlag, shownDir } from './build.ts';

const command: Command = {
  description:
    '合并 qmkit build --shard k/n 写出的全部分片：核对它们来自同一份数据、同一网站设置和同一版本的代码（构建编号相同），每个分片恰好一个，' +
    '然后生成审核记录、下载包、样张总览、微网站和清单，整体替换输出文件夹。结果与不分片的一次构建逐字节相同。',
  usage: 'qmkit merge <分片目录>… --out <目录> [--data <目录>] [--jobs <n>] [--cache-dir <目录>] [--no-cache] [--allow-audit-failures]',
  allowPositionals: true,
  options: {
    data: { type: 'string', default: 'data' },
    out: { type: 'string', default: 'output' },
    jobs: { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'allow-audit-failures': { type: 'boolean', default: false },
  },
  async run(values, positionals) {
    if (positionals.length === 0) throw new UsageError(`没有给出分片目录。\n用法：${command.usage}`);
    const progress = consoleProgress();
    const summary = await mergeKit({
      parts: positionals,
      dataDir: path.resolve(String(values.data)),
      outDir: path.resolve(String(values.out)),
      ...(values.jobs !== undefined ? { jobs: parseIntFlag('jobs', values.jobs, 1, 64)! } : {}),
      allowAuditFailures: Boolean(values['allow-audit-failures']),
      cacheDir: cacheDirOption(values),
      progress,
    });
    progress.info(
      `合并完成：${positionals.length} 个分片，${summary.campaigns} 个活动，${summary.files} 个图片文件，${summary.manifest.packs.length} 个下载包，用时 ${(summary.ms / 1000).toFixed(1)} 秒。`,
    );
    progress.info(`易读性审核：${summary.audit.total - summary.audit.failed}/${summary.audit.total} 个文件通过（audit.json）。`);
    progress.info(`输出：${shownDir(summary.outDir)}/（清单 manifest.json，构建编号 ${summary.manifest.build!.id.slice(0, 12)}…）`);
    return 0;
  },
};
export default command;
