import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SLUG, SLUG_HINT } from '../campaign/schema.ts';
import type { Command } from '../cli.ts';
import { ImportNoticeError, UsageError } from '../errors.ts';
import { importNotice } from '../notice/import-notice.ts';
import { parseSlogans } from '../notice/slogans.ts';
import { campaignToYaml } from '../notice/to-yaml.ts';

const USAGE = 'qmkit import <通知.txt> [--slogans <口号.txt>] [--edition <版本>] [--out <文件>] [--force]';
const MAX_BYTES = 2 * 1024 * 1024;

/** Reads a UTF-8 text file, with a Chinese explanation when it is missing, binary or in another encoding. */
export function readTextFile(file: string, what: string): string {
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_BYTES) throw new ImportNoticeError(`${what} ${file} 超过 2 MB，不像一份通知的文本`);
    bytes = readFileSync(file);
  } catch (cause) {
    if (cause instanceof ImportNoticeError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : (cause as Error).message;
    throw new ImportNoticeError(`无法读取${what} ${file}：${why}`);
  }
  const head = bytes.subarray(0, 8).toString('latin1');
  if (head.startsWith('%PDF') || head.startsWith('PK') || bytes.includes(0)) {
    throw new ImportNoticeError(`${what} ${file} 不是纯文本文件（可能是 PDF 或 Word 文档）：请先复制正文，另存为 UTF-8 编码的 .txt 文件`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportNoticeError(
      `${what} ${file} 不是 UTF-8 编码（可能是 GBK）：请转换后重试，如 iconv -f GBK -t UTF-8 ${path.basename(file)} > 转换后.txt`,
    );
  }
}

const command: Command = {
  description:
    '从“质量月”通知的文本生成活动数据 YAML（默认输出到屏幕）。提取结果须对照通知原文核对；无法确定的字段会以提示列出，不会猜测。',
  usage: USAGE,
  options: {
    slogans: { type: 'string' },
    edition: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
  allowPositionals: true,
  async run(values, positionals) {
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0 ? `缺少通知文件。\n用法：${USAGE}` : `只能导入一个通知文件，收到 ${positionals.length} 个。\n用法：${USAGE}`,
      );
    }
    const noticeFile = positionals[0]!;
    if (typeof values.edition === 'string' && !SLUG.test(values.edition)) {
      throw new UsageError(`--edition「${values.edition}」不是有效的版本标识：${SLUG_HINT}`);
    }
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (out && existsSync(out) && !values.force) {
      throw new UsageError(`${out} 已存在，为免覆盖已核对过的数据，未写入。确需覆盖请加 --force`);
    }
    const warnings: string[] = [];
    const slogans = typeof values.slogans === 'string' ? parseSlogans(readTextFile(values.slogans, '口号文件'), path.basename(values.slogans), warnings) : undefined;
    const text = readTextFile(noticeFile, '通知文件');
    const result = importNotice(text, {
      sourceFile: noticeFile,
      ...(typeof values.edition === 'string' ? { edition: values.edition } : {}),
      ...(slogans ? { slogans } : {}),
    });
    warnings.push(...result.warnings);
    const yaml = campaignToYaml(result.campaign, warnings);
    for (const w of warnings) console.error(`提示：${w}`);
    if (out) {
      mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      writeFileSync(out, yaml, 'utf8');
      console.error(`已写入 ${out}（${result.campaign.edition}/${result.campaign.year}）。请对照通知原文逐项核对，然后运行 qmkit check。`);
    } else {
      process.stdout.write(yaml);
    }
    return 0;
  },
};
export default command;
