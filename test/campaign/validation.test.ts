// Every way a campaign file can be wrong, with the whole message a person reads.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaignFile, loadKitData } from '../../src/campaign/load.ts';
import { DataErrors } from '../../src/errors.ts';

// Line numbers matter: `slogans:` is on line 8, its third item on line 11, `source:` on line 12.
const BASE = `year: 2024
edition: national
editionName: 全国
title: 关于开展2024年全国“质量月”活动的通知
signedOn: 2024-07-26
issuer: 市场监管总局等27个部门
theme: 加强质量支撑 共建质量强国
slogans:
  - 质量第一
  - 标准引领
  - 品牌强国
source:
  file: 2024-national.txt
`;

function tempRoot(): string {
  return mkdtempSync(path.join(tmpdir(), 'qmkit-validation-'));
}

/** Writes `yaml` to <tmp>/<rel> and loads it with paths shown relative to <tmp>. */
function load(yaml: string, rel = 'campaigns/national/2024.yaml') {
  const root = tempRoot();
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, yaml, 'utf8');
  return loadCampaignFile(file, root);
}

const messages = (yaml: string, rel?: string) => load(yaml, rel).errors.map((e) => e.message);
const F = 'campaigns/national/2024.yaml';

describe('a valid file', () => {
  it('loads without errors', () => {
    expect(messages(BASE)).toEqual([]);
  });
});

describe('validation errors', () => {
  it.each<[string, string, string[], string?]>([
    ['an unknown key close to a field', BASE.replace('slogans:', 'slogan:'), [`${F}:8:1 slogan: 未知字段 slogan，是否应为 slogans？`]],
    [
      'an unknown key like no field',
      `${BASE}colour: red\n`,
      [`${F}:14:1 colour: 未知字段 colour；可用字段：year、edition、editionName、title、docNumber、signedOn、issuer、theme、slogans、focusAreas、keyEvents、requirements、closing、organizers、organizersTotal、source、sample、province、extends`],
    ],
    ['an unknown nested key', BASE.replace('  file: 2024-national.txt', '  file: a.txt\n  ulr: https://example.cn/'), [`${F}:14:3 source.ulr: 未知字段 ulr，是否应为 url？`]],
    ['an unknown key in an item', `${BASE}focusAreas:\n  - title: 甲\n    detial: 乙\n`, [`${F}:16:5 focusAreas[0].detial: 未知字段 detial，是否应为 detail？`]],
    ['a number where text is expected', BASE.replace('  - 品牌强国', '  - 42'), [`${F}:11:5 slogans[2]: 应为文字，收到数字 42`]],
    ['a quoted year', BASE.replace('year: 2024', 'year: "2024"'), [`${F}:1:7 year: 应为数字，收到文字 "2024"`]],
    ['text where a list is expected', BASE.replace(/slogans:\n(  - .*\n)+/, 'slogans: 质量第一\n'), [`${F}:8:10 slogans: 应为列表，收到文字 "质量第一"`]],
    ['text where true/false is expected', `${BASE}sample: "yes"\n`, [`${F}:14:9 sample: 应为布尔值（true 或 false），收到文字 "yes"`]],
    ['a year that does not match the file name', BASE.replace('year: 2024', 'year: 2023'), [`${F}:1:7 year: 年份与文件名不符：文件名为 2024.yaml，应为 2024，收到 2023`]],
    [
      'a folder name that is not a slug',
      BASE,
      ['campaigns/National_X/2024.yaml:1:1: 文件夹名「National_X」不是有效的版本标识：只能包含小写字母、数字和连字符（如 national、tianjin、beijing-haidian）。请重命名文件夹'],
      'campaigns/National_X/2024.yaml',
    ],
    ['a file name that is not a year', BASE, ['campaigns/national/latest.yaml:1:1: 文件名应为四位年份（如 2024.yaml），收到「latest.yaml」'], 'campaigns/national/latest.yaml'],
    ['an edition that does not match its folder', BASE.replace('edition: national', 'edition: tianjin'), [`${F}:2:10 edition: 版本与文件夹不符：文件夹为 national，应为 "national"，收到 "tianjin"`]],
    ['a date that does not exist', BASE.replace('2024-07-26', '2024-02-30'), [`${F}:5:11 signedOn: 日期不存在：2024 年 2 月只有 29 天，收到 "2024-02-30"`]],
    ['29 February of a common year', BASE.replace('2024-07-26', '2023-02-29'), [`${F}:5:11 signedOn: 日期不存在：2023 年 2 月只有 28 天，收到 "2023-02-29"`]],
    ['a month 13', BASE.replace('2024-07-26', '2024-13-01'), [`${F}:5:11 signedOn: 日期不存在：月份应为 01–12，收到 "2024-13-01"`]],
    ['a date in another format', BASE.replace('2024-07-26', '2024/07/26'), [`${F}:5:11 signedOn: 日期格式不对：应为 YYYY-MM-DD（如 2024-07-26），收到 "2024/07/26"`]],
    ['an empty theme', BASE.replace('theme: 加强质量支撑 共建质量强国', 'theme: ""'), [`${F}:7:8 theme: 不能为空，请填写内容（收到空文字）`]],
    ['a theme of spaces only', BASE.replace('theme: 加强质量支撑 共建质量强国', 'theme: "\u3000 "'), [`${F}:7:8 theme: 不能为空，请填写内容（收到只有空白的文字）`]],
    ['a theme left blank', BASE.replace('theme: 加强质量支撑 共建质量强国', 'theme:'), [`${F}:7:7 theme: 应为文字，收到空值`]],
    [
      'a theme that is too long',
      BASE.replace('theme: 加强质量支撑 共建质量强国', `theme: ${'质'.repeat(41)}`),
      [`${F}:7:8 theme: 过长（41 字），最多 40 字：主题是海报的主标题，历年主题均不超过 20 字`],
    ],
    ['a duplicate slogan', BASE.replace('  - 品牌强国', '  - 质量第一'), [`${F}:11:5 slogans[2]: 口号重复：与 slogans[0]「质量第一」相同，请删除其中一条`]],
    ['a zero-width space in a slogan', BASE.replace('  - 品牌强国', '  - 品牌\u200b强国'), [`${F}:11:5 slogans[2]: 含不可见或非法字符 U+200B（零宽空格），请删除该字符`]],
    ['a missing required field', BASE.replace('theme: 加强质量支撑 共建质量强国\n', ''), [`${F}:1:1 theme: 缺少必填字段，请补上（应为文字）`]],
    ['a missing nested field', BASE.replace('  file: 2024-national.txt', '  url: https://example.cn/'), [`${F}:13:3 source.file: 缺少必填字段，请补上（应为文字）`]],
    ['a URL that is not http(s)', BASE.replace('  file: 2024-national.txt', '  file: a.txt\n  url: ftp://example.cn/'), [`${F}:14:8 source.url: 应为以 http:// 或 https:// 开头的完整网址，收到 "ftp://example.cn/"`]],
    [
      'fewer departments in total than listed',
      `${BASE}organizers: [市场监管总局, 中央宣传部]\norganizersTotal: 1\n`,
      [`${F}:15:18 organizersTotal: 部门总数 1 小于列出的部门数 2，请按通知原文填写`],
    ],
    [
      'a YAML syntax error (a quote left open)',
      BASE.replace('theme: 加强质量支撑 共建质量强国', 'theme: "加强质量支撑 共建质量强国'),
      [`${F}:7:8: YAML 语法错误：引号 " 没有闭合，应在这段文字的末尾补上 "（此行为：theme: "加强质量支撑 共建质量强国）`],
    ],
    [
      'a YAML syntax error (a bracket left open)',
      BASE.replace('title: 关于', 'title: [关于'),
      [`${F}:4:8: YAML 语法错误：[ 没有对应的 ]。以 [ 开头的值会被当作列表；如果这是文字，请用引号把整段括起来（此行为：title: [关于开展2024年全国“质量月”活动的通知）`],
    ],
    [
      'a YAML syntax error (colon and space in a value)',
      BASE.replace('issuer: 市场监管总局等27个部门', 'issuer: 发文单位: 市场监管总局'),
      [`${F}:6:9: YAML 语法错误：值中含有“冒号+空格”，YAML 会把它当作下一层字段。请用引号把整段值括起来（如 title: "甲: 乙"）（此行为：issuer: 发文单位: 市场监管总局）`],
    ],
    ['a tab used for indenting', BASE.replace('  - 质量第一', '\t- 质量第一'), [`${F}:9:1: YAML 语法错误：不能用 Tab 缩进，请改用空格（此行为：- 质量第一）`]],
    ['a duplicate YAML key', `${BASE}theme: 另一个主题\n`, [`${F}:14:1: YAML 语法错误：字段 theme 在同一层级出现了两次，只能保留一项，请删除重复的一项`]],
    ['an empty file', '', [`${F}:1:1: 文件内容应为键值对（字段: 值），收到空文件`]],
    ['a list instead of fields', '- 质量第一\n', [`${F}:1:1: 文件内容应为键值对（字段: 值），收到其他内容`]],
    [
      'several problems at once, in line order',
      BASE.replace('year: 2024', 'year: "2024"').replace('  - 品牌强国', '  - 42').replace('edition: national', 'edition: Nat'),
      [
        `${F}:1:7 year: 应为数字，收到文字 "2024"`,
        `${F}:2:10 edition: 版本标识只能包含小写字母、数字和连字符（如 national、tianjin、beijing-haidian），收到文字 "Nat"`,
        `${F}:11:5 slogans[2]: 应为文字，收到数字 42`,
      ],
    ],
  ])('%s', (_, yaml, expected, rel) => {
    expect(messages(yaml, rel)).toEqual(expected);
  });

  it('loadKitData lists every problem of every file in one error', () => {
    const root = tempRoot();
    const data = path.join(root, 'data');
    mkdirSync(path.join(data, 'campaigns', 'national'), { recursive: true });
    writeFileSync(path.join(data, 'site.yaml'), 'title: 测试站点\n');
    writeFileSync(path.join(data, 'campaigns', 'national', '2024.yaml'), BASE.replace('  - 品牌强国', '  - 42'));
    writeFileSync(path.join(data, 'campaigns', 'national', '2023.yaml'), BASE.replace('year: 2024', 'year: 2023').replace('slogans:', 'slogan:'));
    let thrown: unknown;
    try {
      loadKitData(data, root);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataErrors);
    expect((thrown as DataErrors).message).toBe(
      [
        '数据有 2 处错误：',
        '  data/campaigns/national/2023.yaml:8:1 slogan: 未知字段 slogan，是否应为 slogans？',
        '  data/campaigns/national/2024.yaml:11:5 slogans[2]: 应为文字，收到数字 42',
      ].join('\n'),
    );
  });
});

describe('the loaded model', () => {
  it('is frozen all the way down', () => {
    const { campaign } = load(`${BASE}focusAreas:\n  - title: 甲\n    detail: 乙\n`);
    expect(campaign).toBeDefined();
    const unfrozen: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (value === null || typeof value !== 'object') return;
      if (!Object.isFrozen(value)) unfrozen.push(at);
      for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
    };
    walk(campaign, 'campaign');
    expect(unfrozen).toEqual([]);
    expect(() => (campaign!.slogans as string[]).push('新口号')).toThrow(TypeError);
    expect(() => {
      (campaign!.focusAreas[0] as { title: string }).title = '改';
    }).toThrow(TypeError);
  });

  it('normalises whitespace: U+3000 and runs of spaces become one space, ends are trimmed', () => {
    const yaml = BASE.replace('theme: 加强质量支撑 共建质量强国', 'theme: "\u3000加强质量支撑\u3000\u3000共建质量强国 "').replace(
      '  - 品牌强国',
      '  - "品牌\u00a0\u00a0强国\t"',
    );
    const { campaign, errors } = load(yaml);
    expect(errors).toEqual([]);
    expect(campaign!.theme).toBe('加强质量支撑 共建质量强国');
    expect(campaign!.slogans[2]).toBe('品牌 强国');
  });

  it('fills the optional lists and flags with their defaults', () => {
    const { campaign } = load(BASE);
    expect(campaign).toMatchObject({ focusAreas: [], keyEvents: [], requirements: [], organizers: [], sample: false });
    expect(campaign!.docNumber).toBeUndefined();
  });
});
