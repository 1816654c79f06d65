import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { projectPath } from './paths.ts';
import { KitError, UsageError, formatError } from './errors.ts';
import { explainSystemError } from './system-error.ts';

/** One `qmkit` command: its flags, a one-line description and what it does. Returns the exit code. */
export interface Command {
  description: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

// Commands are loaded lazily so that `qmkit check` never pays for satori or Eleventy.
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./commands/import.ts')).default,
  check: async () => (await import('./commands/check.ts')).default,
  build: async () => (await import('./commands/build.ts')).default,
  merge: async () => (await import('./commands/merge.ts')).default,
  'new-edition': async () => (await import('./commands/new-edition.ts')).default,
  serve: async () => (await import('./commands/serve.ts')).default,
  profiles: async () => (await import('./commands/profiles.ts')).default,
  render: async () => (await import('./commands/render.ts')).default,
  cache: async () => (await import('./commands/cache.ts')).default,
};

// One line each for `qmkit --help`, kept here so that help loads no command module.
const SUMMARIES: Record<string, string> = {
  import: '从“质量月”通知文本生成活动数据 YAML',
  check: '校验 data/ 中的全部数据',
  build: '构建整套物料：海报、分享卡、微网站、清单、下载包（npm run build）；--shard k/n 只构建一个分片',
  merge: '把 build --shard 的全部分片合并成一整套物料',
  'new-edition': '新建一个继承全国版本的地方版本数据文件',
  serve: '在本机预览 output/ 中的微网站（默认只监听 127.0.0.1）',
  profiles: '列出全部屏幕和印刷规格',
  render: '只渲染某个版本某年的海报到指定文件夹',
  cache: '查看或清理渲染缓存（qmkit cache prune）',
};

/** The package's version (bin/qmkit.js answers --version itself, before loading this module). */
export function version(): string {
  return (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
}

function help(): string {
  return [
    'qmkit —— 全国“质量月”宣传套件生成器',
    '',
    '用法：qmkit <命令> [选项]',
    '',
    '命令：',
    ...Object.keys(COMMANDS).map((name) => `  ${name.padEnd(12)}${SUMMARIES[name] ?? ''}`),
    '',
    '运行 qmkit <命令> --help 查看该命令的选项；qmkit --version 显示版本。',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    console.log(`qmkit ${version()}`);
    return 0;
  }
  const load = COMMANDS[name];
  try {
    if (!load) throw new UsageError(`未知命令「${name}」。可用命令：${Object.keys(COMMANDS).join('、')}`);
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(`${command.description}\n\n用法：${command.usage}`);
      return 0;
    }
    let parsed: { values: Record<string, unknown>; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
    } catch (cause) {
      throw new UsageError(`参数错误：${(cause as Error).message}\n用法：${command.usage}`, { cause });
    }
    return await command.run(parsed.values, parsed.positionals);
  } catch (error) {
    const explained = explainSystemError(error);
    console.error(formatError(explained));
    return explained instanceof KitError ? (explained instanceof UsageError ? 2 : 1) : 70;
  }
}
