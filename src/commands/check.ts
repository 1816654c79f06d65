import path from 'node:path';
import { loadKitData } from '../campaign/load.ts';
import { findToFill } from '../campaign/scaffold.ts';
import type { Campaign } from '../campaign/model.ts';
import type { Command } from '../cli.ts';

/** One line per edition-year, for `qmkit check`. */
export function summariseCampaign(c: Campaign): string {
  const organizers = c.organizersTotal
    ? c.organizers.length < c.organizersTotal
      ? `${c.organizersTotal} 个部门（列出 ${c.organizers.length} 个）`
      : `${c.organizersTotal} 个部门`
    : c.organizers.length
      ? `${c.organizers.length} 个部门`
      : '无部门名单';
  const local = c.sloganFrom?.filter((f) => f.edition === c.edition).length;
  const slogans = c.slogans.length
    ? `${c.slogans.length} 条口号${c.parent !== undefined ? `（继承 ${c.parent} ${c.slogans.length - (local ?? 0)} 条，本地 ${local ?? 0} 条）` : ''}`
    : '口号待补充';
  return `✓ ${c.edition}/${c.year} ${c.editionName}「${c.theme}」 ${slogans}，${organizers}${c.sample ? '【示例数据】' : ''}`;
}

const command: Command = {
  description: '校验 data/ 中的全部数据，列出每个版本每年一行摘要；有任何错误时以非零状态退出并列出所有错误。',
  usage: 'qmkit check [--data <目录>]',
  options: { data: { type: 'string', default: 'data' } },
  async run(values) {
    const dataDir = path.resolve(String(values.data));
    const kit = loadKitData(dataDir);
    for (const c of kit.campaigns) console.log(summariseCampaign(c));
    // Fields a scaffold left to fill: warnings, not errors (the file is valid and inherits them meanwhile).
    const toFill = findToFill(dataDir);
    for (const t of toFill) console.log(`⚠ ${t.file}:${t.line} 待填：${t.what}`);
    console.log(`共 ${kit.campaigns.length} 个活动，数据有效。${toFill.length ? `还有 ${toFill.length} 处待填（见上；未填的字段沿用上级版本），填好后删去该行的“# 待填”。` : ''}`);
    return 0;
  },
};
export default command;
