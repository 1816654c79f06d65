// Two whole builds on all 17 profiles with the audit on (no allowAuditFailures): slogans that mix Han, Latin
// words, digits, URLs, “3·15”-style quotes and dots and brackets with years; and the hostile strings of the site
// tests. Both must pass every rule, fill and balance included. Sample data (sample: true, marked 示例).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildKit } from '../../src/kit/build.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { HOSTILE } from '../site/fixture.ts';
import { tempDir } from './helpers.ts';

const ROOT = path.resolve(__dirname, '../..');

export const MIXED_SLOGANS = [
  '登录 www.samr.gov.cn 参与质量月',
  '“3·15”国际消费者权益日 守护消费安全',
  '质量月（2024年） 共建质量强国',
  '质量月（2024年9月） 共建质量强国',
  'ISO 9001 质量管理体系 Quality Month 2024',
];

function data(campaign: Record<string, unknown>): string {
  const dir = tempDir('qmkit-sample-data-');
  mkdirSync(path.join(dir, 'campaigns', 'sample'), { recursive: true });
  writeFileSync(path.join(dir, 'site.yaml'), 'title: 测试站点\nbaseUrl: https://zlgy.test-office.cn/\npathPrefix: /\ndefaultEdition: sample\n');
  const base = { year: 2030, edition: 'sample', editionName: '示例市', title: '关于开展2030年示例市“质量月”活动的通知（示例）', issuer: '示例市质量工作办公室', theme: '示例主题 质量为先' };
  writeFileSync(path.join(dir, 'campaigns', 'sample', '2030.yaml'), stringify({ ...base, ...campaign, source: { file: 'sample.txt' }, sample: true }));
  return dir;
}

async function buildAll(dataDir: string) {
  const outDir = path.join(tempDir('qmkit-sample-out-'), 'out');
  const summary = await buildKit({ dataDir, outDir, jobs: 2, cacheDir: false, protect: [ROOT, dataDir] });
  const audit = JSON.parse(readFileSync(path.join(outDir, 'audit.json'), 'utf8')) as { ok: boolean; failed: number; assets: { profile: string; rules: { rule: string; ok: boolean }[] }[] };
  return { summary, audit };
}

describe('sample builds pass the audit on every profile', () => {
  it.each([
    ['mixed-script slogans', { slogans: MIXED_SLOGANS }],
    ['the hostile strings of the site tests', { theme: HOSTILE[1], issuer: HOSTILE[2], slogans: [...HOSTILE] }],
  ])(
    '%s: 0 failures on all 17 profiles, fill and balance included',
    async (_name, campaign) => {
      const { audit } = await buildAll(data(campaign));
      expect(audit.failed).toBe(0);
      expect(audit.ok).toBe(true);
      expect(new Set(audit.assets.map((a) => a.profile))).toEqual(new Set(PROFILES.map((p) => p.id)));
      const ruled = (rule: string) => audit.assets.filter((a) => a.rules.some((r) => r.rule === rule)).length;
      expect(ruled('fill')).toBeGreaterThan(40);
      expect(ruled('balance')).toBe(ruled('fill'));
    },
    600_000,
  );
});
