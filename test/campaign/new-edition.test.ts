// `qmkit new-edition` writes a minimal file extending national that loads as it stands; `qmkit check` lists what is
// still to fill (warnings, exit 0) until the markers are removed, and fails only when something is invalid.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-run.ts';
import { loadKitData } from '../../src/campaign/load.ts';
import { sloganOrigin } from '../../src/campaign/model.ts';

const root = mkdtempSync(path.join(tmpdir(), 'qmkit-new-edition-'));
const data = path.join(root, 'data');
cpSync(path.resolve('data'), data, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = runCli;

const file = path.join(data, 'campaigns', 'haidian', '2022.yaml');

describe('qmkit new-edition', () => {
  it('writes a file that extends national and loads as it stands, inheriting everything', async () => {
    const r = await run(['new-edition', 'haidian', '--name', '海淀区', '--year', '2022', '--data', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已生成');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('extends: national\n');
    expect(text).toContain('editionName: 海淀区\n');
    const kit = loadKitData(data);
    const c = kit.campaigns.find((x) => x.edition === 'haidian')!;
    const national = kit.campaigns.find((x) => x.edition === 'national' && x.year === 2022)!;
    expect(c.parent).toBe('national');
    expect(c.theme).toBe(national.theme);
    expect(c.slogans).toEqual(national.slogans);
    expect(sloganOrigin(c, 0)?.label).toBe('全国口号');
    expect(c.province).toBeUndefined();
  });

  it('qmkit check lists each field still to fill with its line, as warnings, and exits 0', async () => {
    const r = await run(['check', '--data', data]);
    expect(r.code).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('⚠'));
    expect(warnings.length).toBe(4);
    for (const w of warnings) {
      const m = /^⚠ (.+):(\d+) 待填：(.+)$/.exec(w)!;
      expect(m, w).not.toBeNull();
      expect(path.resolve(m[1]!)).toBe(file);
      expect(lines[Number(m[2]) - 1]).toContain(`# 待填：${m[3]}`);
    }
    expect(warnings.map((w) => w.replace(/^.*待填：/, '').split('（')[0])).toEqual(['所属省份', '本地通知', '本地口号，每条一行写成列表', '本地活动内容']);
    expect(r.stdout).toContain('还有 4 处待填');
    expect(r.stdout).toMatch(/✓ haidian\/2022 海淀区「推动质量变革创新 促进质量强国建设」 15 条口号（继承 national 15 条，本地 0 条）/);
  });

  it('once filled, check has nothing left to report; an invalid fill is an error with file:line', async () => {
    const filled = readFileSync(file, 'utf8')
      .replace(/^# province: .*$/m, 'province: 北京市')
      .replace(/^  add: \[\].*$/m, '  add:\n    - 海淀质量 示例口号')
      .split('\n')
      .filter((l) => !l.includes('# 待填'))
      .join('\n');
    writeFileSync(file, filled);
    const ok = await run(['check', '--data', data]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('待填');
    expect(ok.stdout).toContain('16 条口号（继承 national 15 条，本地 1 条）');
    // A local slogan that repeats a national one: an error at its line, exit 1.
    writeFileSync(file, filled.replace('海淀质量 示例口号', '坚持质量第一 建设质量强国'));
    const bad = await run(['check', '--data', data]);
    expect(bad.code).toBe(1);
    const line = filled.split('\n').findIndex((l) => l.includes('海淀质量 示例口号')) + 1;
    expect(bad.stderr).toContain(`haidian/2022.yaml:${line}:7 slogans.add[0]: 口号重复：与继承自 national（全国）的第 4 条「坚持质量第一 建设质量强国」相同`);
    writeFileSync(file, filled);
  });

  it('refuses to overwrite, a missing parent year, a bad slug, and a missing name', async () => {
    const again = await run(['new-edition', 'haidian', '--name', '海淀区', '--year', '2022', '--data', data]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已存在，为免覆盖已填写的数据，未写入。确需覆盖请加 --force');
    const noYear = await run(['new-edition', 'chaoyang', '--name', '朝阳区', '--year', '2021', '--data', data]);
    expect(noYear.stderr).toContain('national 只有 2020、2022、2024 年的数据。地方版本只能继承同一年的版本');
    expect(existsSync(path.join(data, 'campaigns', 'chaoyang'))).toBe(false);
    expect((await run(['new-edition', 'Chao_Yang', '--name', '朝阳区', '--year', '2022', '--data', data])).stderr).toContain('版本标识「Chao_Yang」无效');
    expect((await run(['new-edition', 'chaoyang', '--year', '2022', '--data', data])).stderr).toContain('缺少 --name');
    const province = await run(['new-edition', 'chaoyang', '--name', '朝阳区', '--year', '2022', '--province', '北京市', '--data', data]);
    expect(province.code).toBe(0);
    expect(loadKitData(data).campaigns.find((c) => c.edition === 'chaoyang')!.province).toBe('北京市');
  });
});
