// A notice the importer was not tuned on: the 2022 national notice turned into a "2023" one with another
// theme, other numbers, a complete signature block and every full-width punctuation mark typed half-width.

import { describe, expect, it } from 'vitest';
import { loadCampaignFile } from '../../src/campaign/load.ts';
import { importNotice } from '../../src/notice/import-notice.ts';
import { campaignToYaml } from '../../src/notice/to-yaml.ts';
import { readNotice, writeCampaign } from './fixtures.ts';

function unseen2023(): string {
  let text = readNotice('2022-national.txt');
  text = text.slice(0, text.indexOf('预览已结束'));
  text += '国家卫生健康委 人民银行 海关总署\n\n2023年8月28日\n\n(此件公开发布)\n';
  text = text
    .replaceAll('2022', '2023')
    .replace('推动质量变革创新 促进质量强国建设', '质量强国 标准引领')
    .replace('等21个部门', '等12个部门')
    .replaceAll('76号', '88号')
    .replace('成文日期：2023年08月19日', '成文日期：2023年08月28日')
    .replace('以实际行动迎接党的二十大胜利召开，', '')
    // Half-width punctuation everywhere, as typed on an English keyboard.
    .replace(/[“”]/g, '"')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/：/g, ':')
    .replace(/，/g, ',')
    .replace(/；/g, ';')
    .replace(/。/g, '.');
  return text;
}

describe('an unseen notice', () => {
  const text = unseen2023();

  it('really is half-width', () => {
    expect(text).not.toMatch(/[，。：“”（）]/);
    expect(text).toContain('(一) 贯彻党中央、国务院决策部署,推动经济质量效益型发展.深入学习');
  });

  it('imports correctly', () => {
    const { campaign, warnings } = importNotice(text, { sourceFile: '2023-national.txt' });
    expect(campaign).toMatchObject({
      year: 2023,
      edition: 'national',
      editionName: '全国',
      title: '关于开展2023年全国“质量月”活动的通知',
      docNumber: '国市监质发〔2023〕88号',
      signedOn: '2023-08-28',
      issuer: '市场监管总局等12个部门',
      theme: '质量强国 标准引领',
      organizersTotal: 12,
      source: { file: '2023-national.txt' },
    });
    expect(campaign.organizers).toEqual([
      '市场监管总局', '国家发展改革委', '教育部', '科技部', '工业和信息化部', '公安部', '自然资源部', '生态环境部',
      '住房和城乡建设部', '国家卫生健康委', '人民银行', '海关总署',
    ]);
    expect(campaign.focusAreas).toHaveLength(6);
    expect(campaign.focusAreas[0]!.title).toBe('贯彻党中央、国务院决策部署，推动经济质量效益型发展');
    expect(campaign.focusAreas[4]!.detail).toMatch(/^健全“双随机、一公开”、“互联网\+监管”等监管手段，/);
    expect(campaign.focusAreas[4]!.detail).toContain('过度包装等领域执法力度，公布一批');
    expect(campaign.focusAreas[5]!.title).toBe('提升全民质量素养，促进社会质量共治');
    expect(campaign.requirements.map((r) => r.title)).toEqual([
      '高度重视，精心组织',
      '围绕中心，服务大局',
      '广泛动员，重心下移',
      '严格要求，增进实效',
    ]);
    expect(campaign.closing).toBe('各地区各部门要对活动开展情况进行督促指导。活动结束后要及时总结，并将有关活动情况、典型案例、图片及视频等报送市场监管总局（质量发展局）。');
    expect(warnings.filter((w) => !w.includes('slogans'))).toEqual([]);
  });

  it('its YAML passes the loader', () => {
    const { campaign, warnings } = importNotice(text, { sourceFile: '2023-national.txt' });
    const loaded = loadCampaignFile(writeCampaign(campaignToYaml(campaign, warnings), 'national', 2023));
    expect(loaded.errors.map((e) => e.message)).toEqual([]);
    expect(loaded.campaign?.theme).toBe('质量强国 标准引领');
  });
});
