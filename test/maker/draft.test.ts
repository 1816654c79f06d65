// The maker's drafts: #draft= links round-trip, hostile links are refused or reduced to known fields, the checker
// gives the CLI's own messages, and the YAML the maker hands out is accepted by the CLI's loader.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCampaignFile, loadKitData } from '../../src/campaign/load.ts';
import { packReadme as kitPackReadme } from '../../src/kit/packs.ts';
import { campaignYaml, checkDraft, decodeDraft, draftFromCampaign, encodeDraft, blankDraft, DRAFT_DISPLAY, type Draft } from '../../src/maker/draft.ts';
import { packReadme } from '../../src/pack-readme.ts';

const kit = loadKitData(path.resolve('data'));
const national2022 = kit.campaigns.find((c) => c.edition === 'national' && c.year === 2022)!;
const tmp = mkdtempSync(path.join(tmpdir(), 'qmkit-maker-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const b64url = (json: string) => Buffer.from(json, 'utf8').toString('base64url');

describe('#draft= links', () => {
  it('encode → decode gives back every field, Chinese and all', () => {
    const draft: Draft = { ...draftFromCampaign(national2022, 'https://zlgy.gov-test.cn/'), editionName: '海淀区', edition: 'beijing-haidian', province: '北京市', slogans: ['质量第一 “标准”引领', '𠀀字在辅助平面'] };
    const fragment = encodeDraft(draft);
    expect(fragment).toMatch(/^draft=[A-Za-z0-9_-]+$/);
    expect(decodeDraft(`#${fragment}`)).toEqual(draft);
  });

  it('the fragment is base64url of the UTF-8 JSON with the data contract names (the documented format)', () => {
    const draft = { ...blankDraft(2025), edition: 'tianjin', editionName: '天津市', issuer: '天津市市场监管委', theme: '质量 强市', slogans: ['一 二'], title: 't', baseUrl: 'https://a.cn/' };
    const json = JSON.parse(Buffer.from(encodeDraft(draft).slice('draft='.length), 'base64url').toString('utf8'));
    expect(json).toMatchObject({ year: 2025, edition: 'tianjin', editionName: '天津市', issuer: '天津市市场监管委', theme: '质量 强市', slogans: ['一 二'], baseUrl: 'https://a.cn/' });
    // A link written by hand (or by another tool) in that format opens.
    const hand = b64url(JSON.stringify({ edition: 'tianjin', editionName: '天津市', year: 2022, issuer: '天津市市场监管委', theme: '质量 强市', slogans: ['甲 乙'], baseUrl: '' }));
    expect(decodeDraft(`#draft=${hand}`)).toMatchObject({ edition: 'tianjin', editionName: '天津市', year: 2022, slogans: ['甲 乙'] });
  });

  it('no draft in the hash gives undefined; a broken one a Chinese error', () => {
    expect(decodeDraft('')).toBeUndefined();
    expect(decodeDraft('#main')).toBeUndefined();
    expect(() => decodeDraft('#draft=%%%')).toThrow(/base64url 以外的字符/);
    expect(() => decodeDraft(`#draft=${b64url('{not json')}`)).toThrow(/不是有效的 JSON/);
    expect(() => decodeDraft(`#draft=${b64url('[1,2]')}`)).toThrow(/应为一组字段/);
    expect(() => decodeDraft(`#draft=${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}`)).toThrow(/无法读取/);
  });

  it('a hostile link keeps only known fields of the expected types', () => {
    const hostile = b64url(JSON.stringify({ __proto__: { polluted: 1 }, constructor: 'x', edition: 42, theme: '<script>alert(1)</script>', slogans: ['a', 7, null, { b: 1 }], focusAreas: [{ title: 't', detail: 5 }, 'x'], extra: 'nope', sample: 'yes' }));
    const d = decodeDraft(`#draft=${hostile}`)!;
    expect(d.theme).toBe('<script>alert(1)</script>');
    expect(d.edition).toBe('');
    expect(d.slogans).toEqual(['a']);
    expect(d.focusAreas).toEqual([{ title: 't' }]);
    expect(d.sample).toBe(false);
    expect(Object.keys(d)).not.toContain('extra');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('checking a draft: the CLI checker and its messages', () => {
  it('a shipped campaign passes, normalised like the loader does', () => {
    const check = checkDraft(draftFromCampaign(national2022));
    expect(check.errors).toEqual([]);
    expect(check.campaign).toEqual(national2022);
  });

  it('gives the same message as `qmkit check` for the same mistake', () => {
    const long = '质'.repeat(41);
    const draft = { ...draftFromCampaign(national2022), slogans: [...national2022.slogans.slice(0, 2), long], theme: '' };
    const check = checkDraft(draft);
    expect(check.campaign).toBeUndefined();
    const fields = check.errors.map((e) => e.field);
    expect(fields).toEqual(['theme', 'slogans[2]']);
    // The same content as a file, through the CLI's loader: the same field, the same words.
    const dir = path.join(tmp, 'msgs', 'national');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, '2022.yaml');
    writeFileSync(file, campaignYaml({ ...national2022, slogans: [...national2022.slogans.slice(0, 2), long], theme: '' } as never, ''));
    const cli = loadCampaignFile(file, tmp).errors.map((e) => [e.field, e.problem]);
    expect(check.errors.map((e) => [e.field, e.problem])).toEqual(cli);
    expect(check.errors[1]!.problem).toBe('过长（41 字），最多 40 字：真实口号最长 24 字；超过 40 字在任何屏幕上都无法作为一条口号阅读');
    expect(check.errors[0]!.message.startsWith(`${DRAFT_DISPLAY}:`)).toBe(true);
  });

  it('a duplicate slogan and a bad edition are named with their fields', () => {
    const check = checkDraft({ ...draftFromCampaign(national2022), edition: 'Tian Jin', slogans: ['甲 乙', '甲 乙'] });
    expect(check.errors.map((e) => `${e.field}: ${e.problem}`)).toEqual([
      'edition: 版本标识只能包含小写字母、数字和连字符（如 national、tianjin、beijing-haidian），收到文字 "Tian Jin"',
      'slogans[1]: 口号重复：与 slogans[0]「甲 乙」相同，请删除其中一条',
    ]);
  });

  it('baseUrl is checked with data/site.yaml’s rule', () => {
    expect(checkDraft({ ...draftFromCampaign(national2022), baseUrl: 'https://a.cn' }).baseUrlError).toBe('应以 / 结尾（如 https://example.gov.cn/zlgy/）');
    expect(checkDraft({ ...draftFromCampaign(national2022), baseUrl: 'ftp://a.cn/' }).baseUrlError).toMatch(/应为以 http:\/\/ 或 https:\/\/ 开头的完整网址/);
    expect(checkDraft({ ...draftFromCampaign(national2022), baseUrl: '' }).baseUrlError).toBeUndefined();
  });
});

describe('the campaign YAML the maker hands out', () => {
  it('is accepted by the CLI loader as data/campaigns/<edition>/<year>.yaml and gives the same campaign', () => {
    const draft: Draft = { ...blankDraft(2025), edition: 'beijing-haidian', editionName: '海淀区', title: '关于开展2025年海淀区“质量月”活动的通知', issuer: '海淀区市场监管局', theme: '质量 强区', slogans: ['坚持　质量第一', '示例口号 二'], sample: true, baseUrl: 'https://zlgy.haidian.example.cn/' };
    const check = checkDraft(draft);
    expect(check.errors).toEqual([]);
    const yaml = campaignYaml(check.campaign!, draft.baseUrl);
    expect(yaml).toContain('--base-url https://zlgy.haidian.example.cn/');
    const dir = path.join(tmp, 'data', 'campaigns', 'beijing-haidian');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '2025.yaml'), yaml);
    writeFileSync(path.join(tmp, 'data', 'site.yaml'), 'title: 测试\n');
    const loaded = loadKitData(path.join(tmp, 'data'), tmp).campaigns[0]!;
    expect(loaded).toEqual(check.campaign);
    expect(loaded.slogans).toEqual(['坚持 质量第一', '示例口号 二']);
  });

  it('a shipped campaign round-trips through the maker YAML unchanged (one that extends comes back standalone)', () => {
    expect(kit.campaigns.some((c) => c.parent !== undefined)).toBe(true);
    for (const c of kit.campaigns) {
      const dir = path.join(tmp, 'rt', c.edition);
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${c.year}.yaml`);
      writeFileSync(file, campaignYaml(checkDraft(draftFromCampaign(c)).campaign!, ''));
      // The maker's YAML has every field written out and no extends: the same campaign, without the record of
      // where its inherited fields and slogans came from (parent, sloganFrom). province and every other field stay.
      const { parent: _parent, sloganFrom: _from, ...standalone } = c;
      expect(loadCampaignFile(file, tmp)).toEqual({ campaign: standalone, errors: [] });
    }
  });
});

describe('使用说明.txt is one function for the CLI and the maker', () => {
  it('kit/packs re-exports the shared text function', () => {
    expect(kitPackReadme).toBe(packReadme);
    const text = packReadme(national2022, 'community', [{ profile: 'community-led' }, { profile: 'community-led' }]);
    expect(text).toContain('community-led/ —— 社区、街道单色 LED 条屏，192×64 像素');
    expect(text).toContain('共 2 个文件');
  });
});
