// Notices copied from a news or portal page: a headline before the notice's own title, the site's name, its
// navigation, share tools and ads around the text. Each web copy (made from a shipped notice, see
// test/fixtures/notices/web/) must import to exactly the fields of the clean notice, closing paragraph included.

import { describe, expect, it } from 'vitest';
import { importNotice, type ImportedCampaign } from '../../src/notice/import-notice.ts';
import { isSiteChrome } from '../../src/notice/clean-text.ts';
import { isHeadline } from '../../src/notice/extract.ts';
import { splitClosing } from '../../src/notice/items.ts';
import { readNotice } from './fixtures.ts';

const NOTICES: [file: string, edition?: string][] = [['2020-national.txt'], ['2022-national.txt'], ['2024-national.txt'], ['2022-tianjin.txt', 'tianjin']];

const FIELDS = [
  'year', 'edition', 'editionName', 'title', 'docNumber', 'signedOn', 'issuer', 'theme', 'slogans', 'focusAreas', 'keyEvents',
  'requirements', 'closing', 'organizers', 'organizersTotal', 'source', 'sample',
] as const satisfies readonly (keyof ImportedCampaign)[];

function load(file: string, edition: string | undefined, web: boolean) {
  return importNotice(readNotice(web ? `web/${file}` : file), { sourceFile: file, ...(edition ? { edition } : {}) });
}

const cases = NOTICES.flatMap(([file, edition]) => FIELDS.map((field) => ({ file, edition, field })));

describe('a notice copied from a news page imports exactly like the clean notice', () => {
  it('the web copies really carry a headline, site names and chrome', () => {
    for (const [file] of NOTICES) {
      const web = readNotice(`web/${file}`);
      expect(web.split('\n')[0]).toMatch(/质量月.*(?:网|》)/);
      expect(web).toMatch(/首页 > /);
      expect(web).toMatch(/广告/);
      expect(web).toMatch(/责任编辑/);
    }
  });

  it.each(cases)('$file: $field', ({ file, edition, field }) => {
    const clean = load(file, edition, false).campaign;
    const web = load(file, edition, true).campaign;
    expect(field in web, `${field} present`).toBe(field in clean);
    expect(web[field]).toEqual(clean[field]);
  });

  it.each(NOTICES)('%s: no warning is added by the page around the notice', (file, edition) => {
    expect(load(file, edition, true).warnings).toEqual(load(file, edition, false).warnings);
  });

  it('the headline alone, with no notice title after it, is never taken as the title', () => {
    const text = readNotice('2024-national.txt').replace(/^.*关于开展2024年全国“质量月”活动的通知\n/, '市场监管总局等27个部门共同发布《关于开展2024年全国“质量月”活动的通知》-中国质量新闻网\n');
    const { campaign, warnings } = importNotice(text, { sourceFile: 'x.txt', edition: 'national' });
    expect(campaign.title).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/没有找到通知标题/);
  });
});

describe('closing paragraph', () => {
  it('a trailing unnumbered paragraph is the closing, never an item without detail', () => {
    const { items, closing } = splitClosing(['（一）加强领导。要加强领导。', '（二）务求实效。要务求实效。', '各地区各部门要对活动开展情况加强指导。']);
    expect(items).toHaveLength(2);
    expect(closing).toEqual(['各地区各部门要对活动开展情况加强指导。']);
  });

  it('the text of an item given as a bare title stays with its item', () => {
    const { items, closing } = splitClosing(['（一）加强领导。要加强领导。', '（二）加强宣传', '要广泛宣传。']);
    expect(items).toHaveLength(3);
    expect(closing).toEqual([]);
  });

  it('a section without numbers has no closing: its paragraphs are items', () => {
    expect(splitClosing(['各地区各部门要加强组织领导。', '活动开展中要严格执行规定。']).closing).toEqual([]);
  });

  it('every shipped notice: no requirement without a detail', () => {
    for (const [file, edition] of NOTICES) for (const item of load(file, edition, false).campaign.requirements) expect(item.detail, `${file} ${item.title}`).toBeTruthy();
  });
});

describe('site chrome and headlines', () => {
  it.each([
    '首页 > 要闻 > 正文', '当前位置：首页 > 时政', '分享到：微信 微博', '【打印本页】【关闭窗口】', '责任编辑：张三', '广告', '【广告】质量认证 热线',
    '中国质量新闻网', '新华网客户端', '版权所有：示例网站 京ICP备00000000号', '上一篇：市场监管总局召开会议', '【字号 大 中 小】',
  ])('「%s」 is chrome', (line) => expect(isSiteChrome(line)).toBe(true));

  it.each([
    '国家电网', '互联网', '市场监管总局 国家发展改革委 教育部', '（一）加强活动组织领导。各级市场监管部门要发挥好牵头作用。', '三、活动要求', '推广先进质量管理模式方法。',
    '一、活动主题', '加强质量支撑 共建质量强国', '编辑出版质量读物，广泛宣传。', '关于开展2022年全国“质量月”活动的通知',
  ])('「%s」 is notice text', (line) => expect(isSiteChrome(line)).toBe(false));

  it('headlines are told from titles', () => {
    expect(isHeadline('市场监管总局等21个部门共同发布《关于开展2022年全国“质量月”活动的通知》-中国质量新闻网')).toBe(true);
    expect(isHeadline('关于开展2022年全国“质量月”活动的通知_中国政府网')).toBe(true);
    expect(isHeadline('关于开展2022年全国“质量月”活动的通知')).toBe(false);
    expect(isHeadline('为贯彻《质量强国建设纲要》，开展全国“质量月”活动。')).toBe(false);
  });
});

describe('closing in the data contract', () => {
  it('an imported closing passes the loader and a bad one gets a Chinese error with file:line', async () => {
    const { loadCampaignFile } = await import('../../src/campaign/load.ts');
    const { campaignToYaml } = await import('../../src/notice/to-yaml.ts');
    const { writeCampaign } = await import('./fixtures.ts');
    const { campaign, warnings } = load('2022-national.txt', undefined, true);
    const good = loadCampaignFile(writeCampaign(campaignToYaml(campaign, warnings), 'national', 2022));
    expect(good.errors).toEqual([]);
    expect(good.campaign!.closing).toBe(campaign.closing);
    const yaml = campaignToYaml(campaign, warnings).replace(/^closing: .*$/m, 'closing:\n  - 一\n  - 二');
    const bad = loadCampaignFile(writeCampaign(yaml, 'national', 2022));
    expect(bad.campaign).toBeUndefined();
    expect(bad.errors.map((e) => e.message).join('\n')).toMatch(/2022\.yaml:\d+:\d+ closing: 应为文字/);
  });
});
