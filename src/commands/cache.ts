import type { Command } from '../cli.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_CACHE_MAX, cacheMax, cacheUsage, formatBytes, parseSize, pruneCache } from '../kit/cache-prune.ts';
import { cacheDirOption, shownDir } from './build.ts';

const USAGE = 'qmkit cache [prune [--max-size <大小>]] [--cache-dir <目录>]';

const day = (ms: number) => new Date(ms).toLocaleDateString('zh-CN');

const command: Command = {
  description:
    '查看渲染缓存（位置、条目数、大小、上限）。qmkit cache prune 立即清理：缓存超过上限时删除最久未用的条目，直到不超过上限的 80 %。' +
    `上限默认 ${formatBytes(DEFAULT_CACHE_MAX)}，可用环境变量 QMKIT_CACHE_MAX 或 --max-size 设置（如 5G、500M）；构建每天最多自动清理一次。整个缓存文件夹也可以直接删除，下次构建会重新渲染。`,
  usage: USAGE,
  options: {
    'cache-dir': { type: 'string' },
    'max-size': { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals) {
    const [action, ...extra] = positionals;
    if ((action !== undefined && action !== 'prune') || extra.length > 0) throw new UsageError(`未知的参数「${positionals.join(' ')}」。用法：${USAGE}`);
    if (action !== 'prune' && values['max-size'] !== undefined) throw new UsageError(`--max-size 只用于 qmkit cache prune。用法：${USAGE}`);
    const dir = cacheDirOption(values) as string;
    const maxBytes = values['max-size'] !== undefined ? parseSize(String(values['max-size']), '--max-size') : cacheMax();
    const shown = shownDir(dir);
    if (action === 'prune') {
      // Asked for now: nothing is kept for being recent (a build running on this cache meanwhile only renders again).
      const { removedEntries, removedBytes, usage } = pruneCache(dir, maxBytes, Infinity);
      console.log(
        removedEntries > 0
          ? `已清理 ${shown}/：删除了 ${removedEntries} 个最久未用的条目（${formatBytes(removedBytes)}），现有 ${usage.entries} 个条目，${formatBytes(usage.bytes)}（上限 ${formatBytes(maxBytes)}）。`
          : `${shown}/ 有 ${usage.entries} 个条目，${formatBytes(usage.bytes)}，未超过上限 ${formatBytes(maxBytes)}，无需清理${removedBytes > 0 ? `（删除了没有写完的残留 ${formatBytes(removedBytes)}）` : ''}。`,
      );
      return 0;
    }
    const usage = cacheUsage(dir);
    console.log(
      usage.entries === 0 && usage.bytes === 0
        ? `${shown}/ 还没有缓存（上限 ${formatBytes(maxBytes)}）。`
        : `${shown}/ 有 ${usage.entries} 个条目，${formatBytes(usage.bytes)}，上限 ${formatBytes(maxBytes)}（${Math.round((100 * usage.bytes) / maxBytes)} %）` +
            `${usage.oldest !== undefined ? `；最久未用的条目上次用于 ${day(usage.oldest)}` : ''}。`,
    );
    return 0;
  },
};

export default command;
