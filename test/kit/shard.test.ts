// Sharded builds: `build --shard k/n` for every k, then `merge`, gives byte for byte the files of one build; merge
// refuses parts from another build, a missing shard, a duplicate shard, or a different split.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKit, mergeKit, shardBalance, shardOf, type BuildOptions } from '../../src/kit/build.ts';
import type { Manifest } from '../../src/kit/manifest.ts';
import { loadKitData } from '../../src/campaign/load.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES as ALL } from '../../src/render/profiles.ts';
import { UsageError } from '../../src/errors.ts';
import { sampleData, tempDir, treeHashes } from './helpers.ts';

const PROFILES = ['school-screen', 'share-og', 'transit-bus-led'];
const ROOT = path.resolve(__dirname, '../..');
const N = 4;

/** The sample kit plus two editions extending it, so the shards split several campaigns. */
export function editionsData(): string {
  const data = sampleData(['示例口号甲 质量第一', '示例口号乙 品质生活']);
  for (const [edition, name, slogan] of [
    ['sample-east', '示例东区', '示例东区 质量同行'],
    ['sample-west', '示例西区', '示例西区 品质为民'],
  ] as const) {
    const dir = path.join(data, 'campaigns', edition);
    cpSync(path.join(data, 'campaigns', 'sample'), dir, { recursive: true });
    writeFileSync(
      path.join(dir, '2030.yaml'),
      `year: 2030\nextends: sample\nedition: ${edition}\neditionName: ${name}\nprovince: 示例省\nsample: true\nslogans:\n  inherit: true\n  add: [${slogan}]\n`,
    );
  }
  return data;
}

const data = editionsData();
const work = tempDir('qmkit-shard-');
const cacheDir = path.join(work, 'cache');
const opts = (outDir: string, extra: Partial<BuildOptions> = {}): BuildOptions => ({
  dataDir: data,
  outDir,
  profiles: PROFILES,
  jobs: 2,
  cacheDir,
  protect: [ROOT, data],
  ...extra,
});
const part = (k: number, n = N) => path.join(work, `part-${k}-of-${n}`);
const merge = (parts: string[], outDir: string, dataDir = data) =>
  mergeKit({ parts, dataDir, outDir, jobs: 2, cacheDir: false, protect: [ROOT, dataDir] });

let single: Record<string, string>;
beforeAll(async () => {
  // One build without the cache, the shards with a cache of their own: the bytes must not depend on either.
  await buildKit(opts(path.join(work, 'single'), { cacheDir: false }));
  single = treeHashes(path.join(work, 'single'));
  for (let k = 1; k <= N; k++) await buildKit(opts(part(k), { shard: { index: k, count: N } }));
}, 600_000);

describe('shards', () => {
  it('split the jobs by campaign and profile: every job in exactly one shard, the same shard every time', () => {
    const kit = loadKitData(data);
    const jobs = kit.campaigns.flatMap((c) => planJobs(c, kit.site, ALL.filter((p) => PROFILES.includes(p.id))));
    const balance = shardBalance(jobs, N);
    expect(balance.jobs.reduce((a, b) => a + b, 0)).toBe(jobs.length);
    for (const job of jobs) {
      const k = shardOf(job, N);
      expect(k).toBeGreaterThanOrEqual(1);
      expect(k).toBeLessThanOrEqual(N);
      // All files of one campaign's profile go to one shard.
      expect(jobs.filter((j) => j.edition === job.edition && j.profile.id === job.profile.id).every((j) => shardOf(j, N) === k)).toBe(true);
    }
    const parts = Array.from({ length: N }, (_, i) => JSON.parse(readFileSync(path.join(part(i + 1), 'manifest.json'), 'utf8')) as Manifest);
    expect(parts.map((m) => m.build!.shard!.jobs)).toEqual(balance.jobs);
    expect(parts.map((m) => m.build!.shard!.index)).toEqual([1, 2, 3, 4]);
    expect(new Set(parts.map((m) => m.build!.id)).size).toBe(1);
    // A part holds only its assets: no site, packs or contact sheets.
    expect(parts.every((m) => m.packs.length === 0 && m.contactSheets.length === 0)).toBe(true);
  });

  it('4 shards + merge give the same SHA-256 for every file as one build', async () => {
    const out = path.join(work, 'merged');
    const summary = await merge([part(3), part(1), part(4), part(2)], out);
    const merged = treeHashes(out);
    expect(Object.keys(merged).length).toBeGreaterThan(50);
    expect(merged).toEqual(single);
    expect(summary.manifest.build!.shard).toBeUndefined();
    expect(summary.manifest.build!.id).toBe((JSON.parse(readFileSync(path.join(part(1), 'manifest.json'), 'utf8')) as Manifest).build!.id);
  });
});

describe('merge refuses bad parts', () => {
  const refusal = async (parts: string[], dataDir = data) => {
    const out = path.join(work, `refused-${Math.random().toString(36).slice(2)}`);
    const error = await merge(parts, out, dataDir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  };

  it('a missing shard', async () => {
    expect(await refusal([part(1), part(2), part(4)])).toBe('缺少分片 3/4：共 4 个分片，收到 1、2、4。请等全部分片构建完成后再合并');
  });

  it('a duplicate shard', async () => {
    const copy = path.join(work, 'part-2-copy');
    cpSync(part(2), copy, { recursive: true });
    expect(await refusal([part(1), part(2), copy, part(3), part(4)])).toBe(`分片 2/4 出现了两次：${part(2)} 和 ${copy}。每个分片只能给一次`);
  });

  it('a part from different data', async () => {
    const other = tempDir('qmkit-shard-other-');
    cpSync(data, other, { recursive: true });
    const file = path.join(other, 'campaigns', 'sample-east', '2030.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('示例东区 质量同行', '示例东区 质量同心'));
    const odd = path.join(work, 'part-2-other-data');
    await buildKit({ ...opts(odd, { shard: { index: 2, count: N }, cacheDir: false }), dataDir: other, protect: [ROOT, other] });
    const message = await refusal([part(1), odd, part(3), part(4)]);
    expect(message).toMatch(/^分片来自不同的构建，不能合并：.*part-1-of-4（分片 1\/4）的构建编号是 [0-9a-f]{12}…，.*part-2-other-data（分片 2\/4）的是 [0-9a-f]{12}…。/);
    expect(message).toContain('两个分片用了不同的数据或不同版本的代码');
    // Every part agrees, but the data given to merge is not theirs.
    expect(await refusal([part(1), part(2), part(3), part(4)], other)).toMatch(/^分片与本机的数据或代码不同，不能合并：分片的构建编号是 [0-9a-f]{12}…，用本机 .* 的数据和这个版本的 qmkit 算出的是 [0-9a-f]{12}…。/);
  }, 120_000);

  it('a part from other code (its build id differs)', async () => {
    const odd = path.join(work, 'part-4-other-code');
    cpSync(part(4), odd, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(odd, 'manifest.json'), 'utf8')) as { build: { id: string } };
    manifest.build.id = manifest.build.id.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    writeFileSync(path.join(odd, 'manifest.json'), JSON.stringify(manifest));
    expect(await refusal([part(1), part(2), part(3), odd])).toMatch(/^分片来自不同的构建，不能合并：/);
  });

  it('parts of different splits', async () => {
    await buildKit(opts(part(1, 2), { shard: { index: 1, count: 2 } }));
    expect(await refusal([part(1), part(1, 2)])).toBe(`分片总数不一致：${part(1)}（分片 1/4） 与 ${part(1, 2)}（分片 1/2）。请用同一个 --shard k/n 的 n 构建全部分片`);
  });

  it('a whole build given as a part, and a folder that is no output', async () => {
    expect(await refusal([path.join(work, 'single')])).toContain('不是 qmkit 的分片输出：它的 manifest.json 没有 build.shard');
    expect(await refusal([data])).toContain('不是 qmkit 的分片输出：没有可读的 manifest.json');
  });

  it('a part whose file was changed after it was built', async () => {
    const odd = path.join(work, 'part-tampered');
    cpSync(part(1), odd, { recursive: true });
    const m = JSON.parse(readFileSync(path.join(odd, 'manifest.json'), 'utf8')) as Manifest;
    const victim = m.assets[0]!.path;
    writeFileSync(path.join(odd, victim), 'not a png');
    const out = path.join(work, 'refused-tampered');
    await expect(merge([odd, part(2), part(3), part(4)], out)).rejects.toThrow(`中的 ${victim} 与它的清单不符（SHA-256 不同）：文件被改动或损坏，请重新构建这个分片`);
  });
});
