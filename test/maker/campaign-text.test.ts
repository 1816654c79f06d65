// The maker validates campaign YAML text on its own (src/campaign/load.ts parseCampaignText): the same parser,
// schema and messages as a file. A file with `extends` cannot be resolved from its text alone: it is refused with
// a message at the extends key that says how to start from the parent instead.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKitData, parseCampaignText } from '../../src/campaign/load.ts';

describe('parseCampaignText', () => {
  it('reads a shipped campaign file to the same model as the loader', () => {
    const file = path.resolve('data/campaigns/national/2022.yaml');
    const { campaign, errors } = parseCampaignText(readFileSync(file, 'utf8'), '2022.yaml');
    expect(errors).toEqual([]);
    const loaded = loadKitData('data').campaigns.find((c) => c.edition === 'national' && c.year === 2022)!;
    expect(campaign).toEqual(loaded);
  });

  it('refuses a file with extends at its key, naming the parent and what to do', () => {
    const text = readFileSync(path.resolve('data/campaigns/tianjin/2022.yaml'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.startsWith('extends:')) + 1;
    const { campaign, errors } = parseCampaignText(text, '2022.yaml');
    expect(campaign).toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual([
      `2022.yaml:${line}:1 extends: 这个文件继承了 national 版本（extends），制作页只能打开不继承的活动文件：请在“以已有活动为底稿”中选择它继承的活动，再填写本地的地区名称、发文单位和口号；或用 qmkit 命令行构建`,
    ]);
  });
});
