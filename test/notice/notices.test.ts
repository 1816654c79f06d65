// The four real notices: every extracted field against the notice text, and the YAML passes the loader.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaignFile } from '../../src/campaign/load.ts';
import { importNotice, type ImportResult } from '../../src/notice/import-notice.ts';
import { parseSlogans } from '../../src/notice/slogans.ts';
import { campaignToYaml } from '../../src/notice/to-yaml.ts';
import { readNotice, writeCampaign } from './fixtures.ts';

const ORGANIZERS_2020 = [
  '市场监管总局', '中央宣传部', '国家发展改革委', '科技部', '工业和信息化部', '公安部', '生态环境部', '住房和城乡建设部',
  '交通运输部', '农业农村部', '商务部', '文化和旅游部', '国家卫生健康委', '人民银行', '国务院国资委', '海关总署',
];
const ORGANIZERS_2022 = [
  '市场监管总局', '国家发展改革委', '教育部', '科技部', '工业和信息化部', '公安部', '自然资源部', '生态环境部', '住房和城乡建设部',
];
const ORGANIZERS_2024 = [
  '市场监管总局', '中央宣传部', '最高人民法院', '最高人民检察院', '国家发展改革委', '教育部', '工业和信息化部', '公安部', '民政部',
  '自然资源部', '生态环境部', '住房城乡建设部', '交通运输部', '水利部', '农业农村部', '商务部', '文化和旅游部', '国家卫生健康委',
  '应急管理部', '中国人民银行', '国务院国资委', '海关总署', '国家知识产权局', '国家国际发展合作署', '供销合作总社', '全国总工会', '全国工商联',
];

interface Expected {
  file: string;
  edition?: string;
  slogans?: string;
  year: number;
  expectedEdition: string;
  editionName: string;
  title: string;
  docNumber: string | undefined;
  signedOn: string;
  issuer: string;
  theme: string;
  focusAreas: [count: number, first: string, last: string];
  keyEvents: [count: number, first?: string, last?: string];
  requirements: [count: number, first: string, last: string];
  /** The unnumbered closing paragraph(s) after the last requirement, if any. */
  closing?: string;
  organizers: string[] | undefined;
  organizersTotal: number | undefined;
  sloganCount: number;
}

const CASES: Expected[] = [
  {
    file: '2020-national.txt',
    year: 2020,
    expectedEdition: 'national',
    editionName: '全国',
    title: '市场监管总局等16个部门关于开展2020年全国“质量月”活动的通知',
    docNumber: '国市监质〔2020〕133号',
    signedOn: '2020-08-14',
    issuer: '市场监管总局等16个部门',
    theme: '建设质量强国 决胜全面小康',
    focusAreas: [5, '落实党中央、国务院决策部署，以质量提升服务疫情防控和经济社会发展大局', '开展质量帮扶，激发市场主体活力'],
    keyEvents: [0],
    requirements: [3, '加强活动组织领导', '确保活动取得实效'],
    closing: '各地区各部门要坚决贯彻落实中央八项规定精神，坚持简朴、高效的原则，认真组织开展活动，把工作落到实处。活动结束后及时总结，对组织得力、成效显著的单位予以表扬。活动总结、有关图片及视频及时报送市场监管总局质量发展局。',
    organizers: ORGANIZERS_2020,
    organizersTotal: 16,
    sloganCount: 0,
  },
  {
    file: '2022-national.txt',
    slogans: '2022-national-slogans.txt',
    year: 2022,
    expectedEdition: 'national',
    editionName: '全国',
    title: '关于开展2022年全国“质量月”活动的通知',
    docNumber: '国市监质发〔2022〕76号',
    signedOn: '2022-08-19',
    issuer: '市场监管总局等21个部门',
    theme: '推动质量变革创新 促进质量强国建设',
    focusAreas: [6, '贯彻党中央、国务院决策部署，推动经济质量效益型发展', '提升全民质量素养，促进社会质量共治'],
    keyEvents: [0],
    requirements: [4, '高度重视，精心组织', '严格要求，增进实效'],
    closing: '各地区各部门要对活动开展情况进行督促指导。活动结束后要及时总结，并将有关活动情况、典型案例、图片及视频等报送市场监管总局（质量发展局）。',
    organizers: ORGANIZERS_2022,
    organizersTotal: 21,
    sloganCount: 15,
  },
  {
    file: '2024-national.txt',
    year: 2024,
    expectedEdition: 'national',
    editionName: '全国',
    title: '关于开展2024年全国“质量月”活动的通知',
    docNumber: undefined,
    signedOn: '2024-07-26',
    issuer: '市场监管总局等27个部门',
    theme: '加强质量支撑 共建质量强国',
    focusAreas: [5, '扎实推进《纲要》贯彻落实', '推动质量社会共治'],
    keyEvents: [9, '举办第五届中国质量奖颁奖仪式暨国家质量强国专家论坛', '广泛开展群众性质量活动'],
    requirements: [
      2,
      '各地区各部门要加强组织领导，强化统筹协调，创新活动形式，结合实际策划开展全员参与的群众性质量活动，充分调动各方积极性，深入推动全民质量行动',
      '活动开展中要严格执行中央八项规定及其实施细则精神，厉行勤俭节约，杜绝形式主义，务求取得实效',
    ],
    organizers: ORGANIZERS_2024,
    organizersTotal: 27,
    sloganCount: 0,
  },
  {
    file: '2022-tianjin.txt',
    edition: 'tianjin',
    year: 2022,
    expectedEdition: 'tianjin',
    editionName: '天津市',
    title: '市质量工作领导小组办公室关于开展2022年天津市“质量月”活动的通知',
    docNumber: '津质量组办〔2022〕10号',
    signedOn: '2022-08-25',
    issuer: '天津市质量工作领导小组办公室',
    theme: '推动质量变革创新 促进质量强国建设',
    focusAreas: [6, '贯彻落实党和国家重大决策部署，推动经济社会高质量发展', '加强质量文化建设，推进社会质量共治'],
    keyEvents: [0],
    requirements: [3, '高度重视，精心组织', '广泛动员，重心下移'],
    closing:
      '“质量月”活动期间，请各级活动组织者严格执行中央八项规定精神，简朴高效办好“质量月”活动，严格落实疫情防控要求，确保活动安全有序。请各单位做好活动情况统计和相关影像资料积累，于2022年10月12日前将“质量月”活动总结、典型案例、特色活动图片（精选1至2张JPG格式，像素1024×768以上照片，每张照片配50字说明）及视频资料等（电子版）一并报送至市质量工作领导小组办公室。',
    organizers: undefined,
    organizersTotal: undefined,
    sloganCount: 0,
  },
];

function run(c: Expected): ImportResult {
  const warnings: string[] = [];
  const slogans = c.slogans ? parseSlogans(readNotice(c.slogans), c.slogans, warnings) : undefined;
  const result = importNotice(readNotice(c.file), {
    sourceFile: path.join('/somewhere/notices', c.file),
    ...(c.edition ? { edition: c.edition } : {}),
    ...(slogans ? { slogans } : {}),
  });
  return { campaign: result.campaign, warnings: [...warnings, ...result.warnings] };
}

describe('importNotice on the real notices', () => {
  it.each(CASES)('$file: header fields', (c) => {
    const { campaign } = run(c);
    expect(campaign.year).toBe(c.year);
    expect(campaign.edition).toBe(c.expectedEdition);
    expect(campaign.editionName).toBe(c.editionName);
    expect(campaign.title).toBe(c.title);
    expect(campaign.docNumber).toBe(c.docNumber);
    expect(campaign.signedOn).toBe(c.signedOn);
    expect(campaign.issuer).toBe(c.issuer);
    expect(campaign.theme).toBe(c.theme);
    expect(campaign.slogans).toHaveLength(c.sloganCount);
    expect(campaign.source).toEqual({ file: c.file });
    expect(campaign.sample).toBe(false);
    expect(campaign.closing).toBe(c.closing);
    if (c.docNumber === undefined) expect('docNumber' in campaign).toBe(false);
  });

  it.each(CASES)('$file: sections', (c) => {
    const { campaign } = run(c);
    for (const key of ['focusAreas', 'keyEvents', 'requirements'] as const) {
      const [count, first, last] = c[key];
      const items = campaign[key];
      expect(items, key).toHaveLength(count);
      if (count) {
        expect(items[0]!.title, `${key} first`).toBe(first);
        expect(items[items.length - 1]!.title, `${key} last`).toBe(last);
      }
      for (const item of items) {
        expect(item.title).not.toMatch(/^[（(]|。$/);
        expect(item.title).not.toMatch(/\s{2}/);
      }
    }
  });

  it.each(CASES)('$file: organizers', (c) => {
    const { campaign } = run(c);
    expect(campaign.organizers).toEqual(c.organizers);
    expect(campaign.organizersTotal).toBe(c.organizersTotal);
  });

  it.each(CASES)('$file: no body text is lost', (c) => {
    const { campaign } = run(c);
    const hanOnly = (s: string) => s.replace(/[^\p{Script=Han}\d]/gu, '');
    const output = hanOnly(
      [campaign.theme, ...[...campaign.focusAreas, ...campaign.keyEvents, ...campaign.requirements].map((i) => i.title + (i.detail ?? '')), campaign.closing ?? ''].join(''),
    );
    // Every long body line of the raw file (not the introduction or salutation) is somewhere in the output.
    const bodyLines = readNotice(c.file)
      .split('\n')
      .filter((l) => hanOnly(l).length >= 30 && !/通知如下|：\s*$|^标\s*题|关于开展/.test(l));
    expect(bodyLines.length).toBeGreaterThan(8);
    for (const line of bodyLines) {
      const text = hanOnly(line.replace(/^\s*[（(][一二三四五六七八九十\d]+[)）]/, ''));
      expect(output.includes(text), `lost: ${line.slice(0, 40)}`).toBe(true);
    }
  });

  it('2020: the hard-wrapped paragraph is joined and the half-width (三) items are found', () => {
    const { campaign } = run(CASES[0]!);
    expect(campaign.focusAreas[1]!.detail).toContain('关于建设质量强国的决策部署。利用传统媒体和新兴媒体平台');
    expect(campaign.focusAreas[2]!.title).toBe('严格监管执法，着力净化市场环境');
  });

  it('2022: the organizer list is reported as cut off by the preview trailer', () => {
    const { warnings } = run(CASES[1]!);
    expect(warnings).toContain('部门名单不完整：通知称共 21 个部门，但文本在“预览已结束”处被截断，只列出 9 个。请对照通知原文补全 organizers');
    expect(run(CASES[1]!).campaign.focusAreas[4]!.detail).toContain('过度包装等领域执法力度');
  });

  it('2022: the 15 slogans come from the slogans file, in order', () => {
    const { campaign } = run(CASES[1]!);
    expect(campaign.slogans[0]).toBe('深入实施质量提升行动 大力推进质量强国建设');
    expect(campaign.slogans[8]).toBe('优化营商环境 建设质量强国');
    expect(campaign.slogans[14]).toBe('人人创造质量 人人享受质量');
  });

  it('2024: a URL inside a requirement stays in its detail and is not taken as the notice source', () => {
    const { campaign } = run(CASES[2]!);
    expect(campaign.requirements[0]!.detail).toBe('市场监管总局网站（https://www.samr.gov.cn/zlfzj/）将发布活动主题宣传海报，供各单位下载宣传。');
    expect(campaign.source.url).toBeUndefined();
  });

  it('a notice without slogans warns in Chinese that they must be added', () => {
    const { warnings } = run(CASES[2]!);
    expect(warnings.some((w) => w.includes('slogans 为空') && w.includes('附件“活动口号”通常不在正文中'))).toBe(true);
  });

  it.each(CASES)('$file: the YAML passes loadCampaignFile unchanged', (c) => {
    const { campaign, warnings } = run(c);
    const yaml = campaignToYaml(campaign, warnings);
    expect(yaml.startsWith(`# 由 qmkit import 从 ${c.file} 生成。`)).toBe(true);
    expect(yaml).toContain(`theme: ${c.theme}`); // Chinese is written as is, not escaped
    const file = writeCampaign(yaml, campaign.edition, campaign.year);
    const loaded = loadCampaignFile(file);
    expect(loaded.errors.map((e) => e.message)).toEqual([]);
    expect(loaded.campaign).toMatchObject({
      year: c.year,
      edition: c.expectedEdition,
      theme: c.theme,
      title: c.title,
      issuer: c.issuer,
      focusAreas: campaign.focusAreas,
      requirements: campaign.requirements,
    });
    // Keys come in the schema's order.
    const keys = [...yaml.matchAll(/^([a-zA-Z]+):/gm)].map((m) => m[1]);
    expect(keys.slice(0, 4)).toEqual(['year', 'edition', 'editionName', 'title']);
    expect(keys[keys.length - 1]).toBe('sample');
  });
});
