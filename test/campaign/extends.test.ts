// `extends: national`: a local edition inherits what it does not set; each error names the extends key's file:line.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCampaignFile, loadKitData } from '../../src/campaign/load.ts';
import { sloganOrigin } from '../../src/campaign/model.ts';
import { DataErrors } from '../../src/errors.ts';

const NATIONAL = `year: 2022
edition: national
editionName: 全国
title: 关于开展2022年全国“质量月”活动的通知
docNumber: 国市监质发〔2022〕76号
signedOn: 2022-08-19
issuer: 市场监管总局等21个部门
theme: 推动质量变革创新 促进质量强国建设
slogans:
  - 坚持质量第一 建设质量强国
  - 建设质量强国 共享美好生活
organizers: [市场监管总局, 教育部]
organizersTotal: 21
source:
  file: 2022-national.txt
`;

// `extends` is on line 2 of every local file below.
const LOCAL = `year: 2022
extends: national
edition: haidian
editionName: 海淀区
`;

let roots: string[] = [];
afterEach(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  roots = [];
});

/** Writes files (relative to <tmp>/campaigns) and returns the root. */
function write(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'qmkit-extends-'));
  roots.push(root);
  writeFileSync(path.join(root, 'site.yaml'), 'title: 测试\n');
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, 'campaigns', rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

function loadLocal(local: string, extra: Record<string, string> = {}, rel = 'haidian/2022.yaml') {
  const root = write({ 'national/2022.yaml': NATIONAL, [rel]: local, ...extra });
  return loadCampaignFile(path.join(root, 'campaigns', rel), root);
}
const messages = (local: string, extra?: Record<string, string>, rel?: string) => loadLocal(local, extra, rel).errors.map((e) => e.message);
const F = 'campaigns/haidian/2022.yaml';

describe('inheritance', () => {
  it('inherits every field the file does not set, slogans included, each labelled 全国口号', () => {
    const { campaign, errors } = loadLocal(LOCAL);
    expect(errors).toEqual([]);
    const c = campaign!;
    expect(c.edition).toBe('haidian');
    expect(c.editionName).toBe('海淀区');
    expect(c.parent).toBe('national');
    expect(c.theme).toBe('推动质量变革创新 促进质量强国建设');
    expect(c.title).toBe('关于开展2022年全国“质量月”活动的通知');
    expect(c.docNumber).toBe('国市监质发〔2022〕76号');
    expect(c.organizers).toEqual(['市场监管总局', '教育部']);
    expect(c.organizersTotal).toBe(21);
    expect(c.slogans).toEqual(['坚持质量第一 建设质量强国', '建设质量强国 共享美好生活']);
    expect(c.slogans.map((_, i) => sloganOrigin(c, i)?.label)).toEqual(['全国口号', '全国口号']);
  });

  it('slogans: inherit is the national list', () => {
    const c = loadLocal(`${LOCAL}slogans: inherit\n`).campaign!;
    expect(c.slogans).toHaveLength(2);
  });

  it('a list of slogans is local only', () => {
    const c = loadLocal(`${LOCAL}slogans:\n  - 海淀质量 示例口号\n`).campaign!;
    expect(c.slogans).toEqual(['海淀质量 示例口号']);
    expect(sloganOrigin(c, 0)).toEqual({ kind: 'local', label: '本地口号' });
  });

  it('{ inherit: true, add } lists the national slogans, then the local ones', () => {
    const c = loadLocal(`${LOCAL}slogans:\n  inherit: true\n  add:\n    - 海淀质量 示例口号\n`).campaign!;
    expect(c.slogans).toEqual(['坚持质量第一 建设质量强国', '建设质量强国 共享美好生活', '海淀质量 示例口号']);
    expect(c.slogans.map((_, i) => sloganOrigin(c, i)?.label)).toEqual(['全国口号', '全国口号', '本地口号']);
  });

  it('a chain: a district extending a city labels the city slogans with its name', () => {
    const city = `year: 2022\nextends: national\nedition: beijing\neditionName: 北京市\nprovince: 北京市\nslogans:\n  inherit: true\n  add: [首都质量 示例口号]\n`;
    const district = `year: 2022\nextends: beijing\nedition: haidian\neditionName: 海淀区\nslogans:\n  inherit: true\n  add: [海淀质量 示例口号]\n`;
    const c = loadLocal(district, { 'beijing/2022.yaml': city }).campaign!;
    expect(c.province).toBe('北京市');
    expect(c.slogans.map((_, i) => sloganOrigin(c, i)?.label)).toEqual(['全国口号', '全国口号', '北京市口号', '本地口号']);
  });

  it('a local notice title takes none of the national notice fields; a local organizer list none of the national total', () => {
    const c = loadLocal(`${LOCAL}title: 关于开展2022年海淀区“质量月”活动的通知\nissuer: 海淀区市场监督管理局\nsource:\n  file: 示例.txt\norganizers: []\n`).campaign!;
    expect(c.title).toBe('关于开展2022年海淀区“质量月”活动的通知');
    expect(c.docNumber).toBeUndefined();
    expect(c.signedOn).toBeUndefined();
    expect(c.organizers).toEqual([]);
    expect(c.organizersTotal).toBeUndefined();
  });

  it('a local title without its issuer and source is missing them (they are not borrowed from another notice)', () => {
    expect(messages(`${LOCAL}title: 关于开展2022年海淀区“质量月”活动的通知\n`)).toEqual([
      `${F}:1:1 issuer: 缺少必填字段，请补上（应为文字）`,
      `${F}:1:1 source: 缺少必填字段，请补上（应为键值对）`,
    ]);
  });

  it('a file without extends still lists every slogan as its own, with no label', () => {
    const root = write({ 'national/2022.yaml': NATIONAL });
    const c = loadCampaignFile(path.join(root, 'campaigns/national/2022.yaml'), root).campaign!;
    expect(c.parent).toBeUndefined();
    expect(sloganOrigin(c, 0)).toBeUndefined();
  });

  it('loadKitData reads a parent once and loads every edition', () => {
    const root = write({ 'national/2022.yaml': NATIONAL, 'haidian/2022.yaml': LOCAL, 'chaoyang/2022.yaml': LOCAL.replace(/haidian/g, 'chaoyang').replace('海淀区', '朝阳区') });
    const kit = loadKitData(root, root);
    expect(kit.campaigns.map((c) => c.edition)).toEqual(['national', 'chaoyang', 'haidian']);
  });
});

describe('errors name the file and line of the extends key', () => {
  it('an unknown parent', () => {
    expect(messages(LOCAL.replace('extends: national', 'extends: beijing'))).toEqual([
      `${F}:2:1 extends: 找不到父版本「beijing」：没有版本 beijing，应有文件 campaigns/beijing/2022.yaml。2022 年现有的版本：national`,
    ]);
  });

  it('a parent with no file for the year', () => {
    expect(messages(LOCAL.replace(/2022/g, '2023'), {}, 'haidian/2023.yaml')).toEqual([
      'campaigns/haidian/2023.yaml:2:1 extends: 找不到父版本「national」：版本 national 只有 2022 年的文件，没有 2023 年的（只能继承同一年的版本），应有文件 campaigns/national/2023.yaml。2023 年现有的版本：无',
    ]);
  });

  it('a parent from another year', () => {
    expect(messages(LOCAL.replace('extends: national', 'extends: national/2021'))).toEqual([
      `${F}:2:1 extends: 父版本来自另一年：本文件是 2022 年，extends 指向 national/2021。只能继承同一年的版本（口号、主题和通知每年不同），请改为 extends: national`,
    ]);
  });

  it('a cycle, reported in each file of the loop', () => {
    const a = `year: 2022\nextends: chaoyang\nedition: haidian\neditionName: 海淀区\n`;
    const b = `year: 2022\nextends: haidian\nedition: chaoyang\neditionName: 朝阳区\n`;
    const root = write({ 'national/2022.yaml': NATIONAL, 'haidian/2022.yaml': a, 'chaoyang/2022.yaml': b });
    let thrown: unknown;
    try {
      loadKitData(root, root);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DataErrors);
    expect((thrown as DataErrors).errors.map((e) => e.message)).toEqual([
      'campaigns/chaoyang/2022.yaml:2:1 extends: extends 形成循环：chaoyang/2022 → haidian/2022 → chaoyang/2022。版本只能沿一条链继承到不继承任何版本的文件（通常是 national），请删除其中一个 extends',
      'campaigns/haidian/2022.yaml:2:1 extends: extends 形成循环：chaoyang/2022 → haidian/2022 → chaoyang/2022。版本只能沿一条链继承到不继承任何版本的文件（通常是 national），请删除其中一个 extends',
    ]);
  });

  it('a file extending itself', () => {
    expect(messages(LOCAL.replace('extends: national', 'extends: haidian'))).toEqual([
      `${F}:2:1 extends: extends 形成循环：haidian/2022 → haidian/2022。版本只能沿一条链继承到不继承任何版本的文件（通常是 national），请删除其中一个 extends`,
    ]);
  });

  it('a local date and title that contradict the year', () => {
    const local = `${LOCAL}title: 关于开展2021年海淀区“质量月”活动的通知\nsignedOn: 2021-08-25\nissuer: 海淀区市场监督管理局\nsource:\n  file: a.txt\n`;
    expect(messages(local)).toEqual([
      `${F}:2:1 extends: 本地字段与年份矛盾：本文件是 2022 年（继承 national/2022），但 signedOn（第 6 行）为 2021-08-25，title（第 5 行）写的是 2021 年。请改正这些字段，或把文件放到对应年份的 <年份>.yaml（extends 在 ${F} 第 2 行）`,
    ]);
  });

  it('a local year that contradicts the file name', () => {
    expect(messages(LOCAL.replace('year: 2022', 'year: 2021'))).toEqual([`${F}:1:7 year: 年份与文件名不符：文件名为 2022.yaml，应为 2022，收到 2021`]);
  });

  it('a parent with errors', () => {
    expect(messages(LOCAL, { 'national/2022.yaml': NATIONAL.replace('theme: 推动质量变革创新 促进质量强国建设', 'theme: ""') })).toEqual([
      `${F}:2:1 extends: 父版本 campaigns/national/2022.yaml 有错误（见该文件的错误），改正后才能校验继承它的本文件`,
    ]);
  });

  it('extends that is not an edition', () => {
    expect(messages(LOCAL.replace('extends: national', 'extends: [national]'))).toEqual([
      `${F}:2:1 extends: 应为要继承的版本标识，如 extends: national（继承同一年的全国版本），收到列表`,
    ]);
  });
});

describe('slogan errors', () => {
  it('a local slogan that repeats a national one is refused at its line', () => {
    expect(messages(`${LOCAL}slogans:\n  inherit: true\n  add:\n    - 海淀质量 示例口号\n    - 建设质量强国　共享美好生活\n`)).toEqual([
      `${F}:9:7 slogans.add[1]: 口号重复：与继承自 national（全国）的第 2 条「建设质量强国 共享美好生活」相同，继承时已包含，请删除这一条`,
    ]);
  });

  it('duplicates within the local list', () => {
    expect(messages(`${LOCAL}slogans:\n  inherit: true\n  add: [甲乙 示例, 甲乙 示例]\n`)).toEqual([
      `${F}:7:16 slogans.add[1]: 口号重复：与 slogans[2]「甲乙 示例」相同，请删除其中一条`,
    ]);
  });

  it('inherit: false, an unknown key and a non-list add', () => {
    expect(messages(`${LOCAL}slogans:\n  inherit: false\n  more: 1\n  add: 甲\n`)).toEqual([
      `${F}:7:3 slogans.more: 未知字段 more；slogans 可写 inherit（沿用父版本的口号）、口号列表，或 { inherit: true, add: [本地口号……] }`,
      `${F}:6:12 slogans.inherit: 应为 true（先列父版本的口号，再列 add 中的本地口号），收到 false；只要本地口号时，直接把 slogans 写成列表`,
      `${F}:8:8 slogans.add: 应为本地口号的列表，收到文字 "甲"`,
    ]);
  });

  it('a bad local slogan is found at its line in add', () => {
    expect(messages(`${LOCAL}slogans:\n  inherit: true\n  add:\n    - 42\n`)).toEqual([`${F}:8:7 slogans.add[0]: 应为文字，收到数字 42`]);
  });

  it('slogans: inherit without extends', () => {
    const root = write({ 'national/2022.yaml': NATIONAL.replace(/slogans:\n(  - .*\n)+/, 'slogans: inherit\n') });
    expect(loadCampaignFile(path.join(root, 'campaigns/national/2022.yaml'), root).errors.map((e) => e.message)).toEqual([
      'campaigns/national/2022.yaml:9:10 slogans: 只有写了 extends 的文件才能继承口号（slogans: inherit）：请加上 extends: national，或把口号逐条写成列表',
    ]);
  });

  it('sample: false under a sample parent', () => {
    expect(messages(`${LOCAL}sample: false\n`, { 'national/2022.yaml': `${NATIONAL}sample: true\n` })).toEqual([
      `${F}:5:9 sample: 父版本 national/2022 是示例数据，继承它的版本也是示例数据：请删除 sample: false，或改为 sample: true`,
    ]);
  });

  it('a misspelt extends is suggested', () => {
    expect(messages(LOCAL.replace('extends:', 'extend:'))).toContain(`${F}:2:1 extend: 未知字段 extend，是否应为 extends？`);
  });
});

describe('Tianjin 2022 in data/', () => {
  it('extends national and keeps every fact of its own notice', async () => {
    const { importNotice } = await import('../../src/notice/import-notice.ts');
    const { readNotice } = await import('../notice/fixtures.ts');
    const notice = importNotice(readNotice('2022-tianjin.txt'), { sourceFile: '2022-tianjin.txt', edition: 'tianjin' }).campaign;
    const kit = loadKitData(path.resolve('data'));
    const tianjin = kit.campaigns.find((c) => c.edition === 'tianjin' && c.year === 2022)!;
    const national = kit.campaigns.find((c) => c.edition === 'national' && c.year === 2022)!;
    expect(tianjin.parent).toBe('national');
    // The notice's own facts, field by field, exactly as the importer reads them from the notice.
    for (const key of ['year', 'editionName', 'title', 'docNumber', 'signedOn', 'issuer', 'theme', 'focusAreas', 'keyEvents', 'requirements', 'closing', 'organizersTotal'] as const) {
      expect(tianjin[key], key).toEqual(notice[key]);
    }
    // The notice lists no organizers: none are borrowed from the national 21.
    expect(tianjin.organizers).toEqual([]);
    expect(tianjin.source.file).toBe('2022-tianjin.txt');
    // Its slogans attachment is not in the material: the national list, each labelled as such.
    expect(tianjin.slogans).toEqual(national.slogans);
    expect(tianjin.slogans.map((_, i) => sloganOrigin(tianjin, i)?.label)).toEqual(national.slogans.map(() => '全国口号'));
    expect(tianjin.province).toBe('天津市');
  });
});
