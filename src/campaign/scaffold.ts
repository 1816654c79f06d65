import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { listCampaignFiles } from './load.ts';
import path from 'node:path';

// `qmkit new-edition` writes a minimal campaign file that extends another edition; the fields a local office usually
// fills carry a `# 待填` marker, and `qmkit check` lists the markers still there.

/** The marker of a field still to fill; `qmkit check` lists every line that carries it. */
export const TO_FILL = '# 待填';

export interface ScaffoldOptions {
  readonly edition: string;
  readonly name: string;
  readonly year: number;
  readonly from: string;
  readonly province?: string;
}

const scalar = (value: string) => stringify(value).trimEnd();

/** The text of a new edition's file: valid as it stands (it inherits everything), with Chinese notes on what to fill. */
export function scaffoldEdition(o: ScaffoldOptions): string {
  const parent = `data/campaigns/${o.from}/${o.year}.yaml`;
  return [
    `# 由 qmkit new-edition 生成：${o.name} ${o.year} 年的版本，继承 ${o.from} 的 ${o.year} 年版本（extends: ${o.from}）。`,
    `# 没有写出的字段一律沿用 ${parent}：主题、口号、通知信息、活动内容、重点安排、工作要求和主办单位。`,
    `# 标有“${TO_FILL.slice(2)}”的是地方版本通常要填写的内容：填好后删去行尾的“${TO_FILL}”；决定沿用上级版本的，删去这几行注释即可。`,
    '# qmkit check 会列出还有哪些“待填”。所有内容都须来自本地通知或本单位的数据，不要自行编写口号。',
    `year: ${o.year}`,
    `extends: ${o.from}`,
    `edition: ${o.edition}`,
    `editionName: ${scalar(o.name)}`,
    o.province !== undefined
      ? `province: ${scalar(o.province)}`
      : `# province: <所属省份，如 北京市；首页按它分组>  ${TO_FILL}：所属省份（省级版本写自己的名称）`,
    '',
    `# 有本地通知时，写本地通知的以下五项（它们一起写、一起继承：只写标题时不会借用上级通知的文号和日期）：  ${TO_FILL}：本地通知（没有本地通知时删去这段注释）`,
    '# title: <本地通知的标题>',
    '# docNumber: <文号，如 X市监质〔年份〕N号；没有时省略>',
    `# signedOn: <成文日期，YYYY-MM-DD，须在 ${o.year} 年>`,
    '# issuer: <发文单位>',
    '# source:',
    '#   file: <通知原文的文件名>',
    '',
    'slogans:',
    `  inherit: true   # 先列上级版本的口号（网站上标注“全国口号”）`,
    `  add: []         ${TO_FILL}：本地口号，每条一行写成列表（网站上标注“本地口号”）；不得与上级口号重复`,
    '',
    `# 本地的活动内容、重点安排、工作要求和联合主办单位：写出时替换上级版本的对应内容，不写时沿用。  ${TO_FILL}：本地活动内容（没有时删去这段注释）`,
    '# focusAreas:',
    '#   - title: <活动内容的标题>',
    '#     detail: <具体内容>',
    '# organizers: [<单位一>, <单位二>]   # 本地通知没有列出主办单位时写 organizers: []，以免沿用上级名单',
    '',
  ].join('\n');
}

/** One field still to fill: the file and line of its `# 待填` marker and what the marker says. */
export interface ToFill {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** Every `# 待填` marker left in the campaign files of a data folder. */
export function findToFill(dataDir: string, cwd = process.cwd()): ToFill[] {
  return listCampaignFiles(dataDir).flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const rel = path.relative(cwd, file);
    const display = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
    return text.split('\n').flatMap((line, i) => {
      const at = line.indexOf(TO_FILL);
      // The header's own mention of the marker is in quotes: “# 待填”.
      if (at < 0 || line[at - 1] === '“') return [];
      const what = line.slice(at + TO_FILL.length).replace(/^[：:\s]+/, '').trim();
      return [{ file: display, line: i + 1, what: what || line.trim() }];
    });
  });
}
