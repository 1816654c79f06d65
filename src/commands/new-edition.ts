import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCampaignFile } from '../campaign/load.ts';
import { LIMITS, SLUG, SLUG_HINT, SLUG_MAX } from '../campaign/schema.ts';
import { scaffoldEdition } from '../campaign/scaffold.ts';
import { normaliseText, findForbiddenChar } from '../campaign/text.ts';
import type { Command } from '../cli.ts';
import { UsageError } from '../errors.ts';
import { formatError } from '../errors.ts';
import { parseIntFlag } from './build.ts';

const USAGE = 'qmkit new-edition <版本标识> --name <名称> --year <年份> [--from national] [--province <省份>] [--data <目录>] [--force]';

function checkName(flag: string, value: string): string {
  const bad = findForbiddenChar(value);
  const clean = normaliseText(value);
  if (bad || clean === '' || [...clean].length > LIMITS.short.max) {
    throw new UsageError(`--${flag} 应为 1–${LIMITS.short.max} 个字的名称（如 海淀区），收到「${value}」${bad ? `：${bad}` : ''}`);
  }
  return clean;
}

const command: Command = {
  description:
    '新建一个地方版本的数据文件 data/campaigns/<版本标识>/<年份>.yaml：它继承上级版本（默认全国 national）同一年的全部内容，' +
    '并用中文注释标出通常要填写的字段（标有“待填”）。qmkit check 会列出还有哪些待填。',
  usage: USAGE,
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    year: { type: 'string' },
    from: { type: 'string', default: 'national' },
    province: { type: 'string' },
    data: { type: 'string', default: 'data' },
    force: { type: 'boolean', default: false },
  },
  async run(values, positionals) {
    const [edition, ...extra] = positionals;
    if (!edition || extra.length) throw new UsageError(`应给出一个版本标识。\n用法：${USAGE}`);
    if (!SLUG.test(edition) || edition.length > SLUG_MAX) throw new UsageError(`版本标识「${edition}」无效：${SLUG_HINT}，最多 ${SLUG_MAX} 个字符`);
    if (values.name === undefined) throw new UsageError(`缺少 --name：版本的显示名称，如 --name 海淀区。\n用法：${USAGE}`);
    if (values.year === undefined) throw new UsageError(`缺少 --year：年份，如 --year 2022（继承上级版本同一年的数据）。\n用法：${USAGE}`);
    const name = checkName('name', String(values.name));
    const province = values.province === undefined ? undefined : checkName('province', String(values.province));
    const year = parseIntFlag('year', values.year, 1978, 2100)!;
    const from = String(values.from);
    if (!SLUG.test(from)) throw new UsageError(`--from「${from}」不是有效的版本标识：${SLUG_HINT}`);
    if (from === edition) throw new UsageError(`--from 不能是新版本自己（${edition}）：版本不能继承自己`);
    const dataDir = path.resolve(String(values.data));
    const campaigns = path.join(dataDir, 'campaigns');
    const parentFile = path.join(campaigns, from, `${year}.yaml`);
    if (!existsSync(parentFile)) {
      let years: string[] = [];
      try {
        years = readdirSync(path.join(campaigns, from)).filter((f) => /^\d{4}\.ya?ml$/.test(f)).map((f) => f.slice(0, 4));
      } catch {
        // no such edition
      }
      throw new UsageError(
        `找不到上级版本 ${path.relative(process.cwd(), parentFile) || parentFile}：${years.length ? `${from} 只有 ${years.sort().join('、')} 年的数据` : `没有版本 ${from}`}。地方版本只能继承同一年的版本，请先添加它（qmkit import），或换 --year / --from`,
      );
    }
    const file = path.join(campaigns, edition, `${year}.yaml`);
    const shown = path.relative(process.cwd(), file) || file;
    if (existsSync(file) && !values.force) throw new UsageError(`${shown} 已存在，为免覆盖已填写的数据，未写入。确需覆盖请加 --force`);
    const text = scaffoldEdition({ edition, name, year, from, ...(province !== undefined ? { province } : {}) });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    // The new file must load as it stands; if it doesn't (its parent is broken), say so now.
    const { errors } = loadCampaignFile(file);
    console.log(`已生成 ${shown}：继承 ${from} 的 ${year} 年版本。请打开它，按中文注释填写标有“待填”的字段，然后运行 qmkit check 查看还有哪些待填。`);
    if (errors.length) console.error(formatError(new UsageError(`注意：这个文件现在还不能通过校验：\n${errors.map((e) => `  ${e.message}`).join('\n')}`)));
    return errors.length ? 1 : 0;
  },
};
export default command;
