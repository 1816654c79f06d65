import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskCache } from '../../src/kit/cache.ts';
import { cacheMax, cacheUsage, parseSize, pruneCache, pruneCacheDaily } from '../../src/kit/cache-prune.ts';
import { runCli } from '../cli-run.ts';
import { sampleData, tempDir } from './helpers.ts';

// The render cache stays under its limit: each use of an entry marks its record, and a prune removes the entries used
// longest ago, down to 80 % of the limit, never one used since `keepSince`.

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/qmkit.js');
const DAY = 24 * 3600 * 1000;
const MB = 1024 ** 2;

/** Sets a file's modification time to `ms`. */
const age = (file: string, ms: number) => utimesSync(file, ms / 1000, ms / 1000);
/** Every record (<key>.json) in a cache folder, by key. */
function records(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const sub of readdirSync(dir).filter((s) => /^[0-9a-f]{2}$/.test(s))) {
    for (const name of readdirSync(path.join(dir, sub)).filter((n) => n.endsWith('.json'))) out.set(name.slice(0, -5), statSync(path.join(dir, sub, name)).mtimeMs);
  }
  return out;
}
const keyOf = (n: number) => n.toString(16).padStart(64, '0');
const recordFile = (dir: string, key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);

describe('the render cache stays under its limit', () => {
  it('a record read marks the entry as used now; a prune removes the least recently used down to 80 % of the limit', () => {
    const dir = tempDir('qmkit-cache-prune-');
    const cache = diskCache(dir);
    const now = Date.now();
    // Ten entries of 1 MB, used 10 … 1 days ago (entry 0 longest ago).
    for (let i = 0; i < 10; i++) {
      cache.put(keyOf(i), { files: { png: new Uint8Array(MB) }, meta: null });
      age(recordFile(dir, keyOf(i)), now - (10 - i) * DAY);
    }
    // Entry 0 is used again: it becomes the most recent.
    expect(cache.record(keyOf(0))).toBeDefined();
    expect(records(dir).get(keyOf(0))!).toBeGreaterThan(now - 60_000);
    expect(cache.get(keyOf(1))).toBeDefined();
    // A write cut short: a blob without its record.
    writeFileSync(path.join(dir, keyOf(99).slice(0, 2), `${keyOf(99)}.png`), new Uint8Array(1000));
    age(path.join(dir, keyOf(99).slice(0, 2), `${keyOf(99)}.png`), now - 2 * DAY);

    // A write under way (its blob written a moment ago, its record not yet): kept, even by a prune that keeps nothing
    // for being recent.
    const underWay = path.join(dir, keyOf(98).slice(0, 2), `${keyOf(98)}.png.tmp-1-x`);
    writeFileSync(underWay, new Uint8Array(10));
    expect(pruneCache(dir, 20 * MB, Infinity).removedBytes).toBe(1000);
    expect(existsSync(underWay)).toBe(true);
    rmSync(underWay);
    writeFileSync(path.join(dir, keyOf(99).slice(0, 2), `${keyOf(99)}.png`), new Uint8Array(1000));
    age(path.join(dir, keyOf(99).slice(0, 2), `${keyOf(99)}.png`), now - 2 * DAY);

    // Under the limit: only the cut-short write goes.
    let result = pruneCache(dir, 20 * MB, now - 3600_000);
    expect(result.removedEntries).toBe(0);
    expect(result.removedBytes).toBe(1000);
    expect(existsSync(path.join(dir, keyOf(99).slice(0, 2), `${keyOf(99)}.png`))).toBe(false);

    // 10 MB against a limit of 8 MB: down to 6.4 MB, i.e. the four used longest ago (2, 3, 4, 5) go.
    result = pruneCache(dir, 8 * MB, now - 3600_000);
    expect(result.removedEntries).toBe(4);
    expect([...records(dir).keys()].sort()).toEqual([0, 1, 6, 7, 8, 9].map(keyOf));
    for (const i of [2, 3, 4, 5]) expect(existsSync(path.join(dir, keyOf(i).slice(0, 2), `${keyOf(i)}.png`))).toBe(false);
    expect(result.usage.entries).toBe(6);
    expect(result.usage.bytes).toBeLessThanOrEqual(6.4 * MB);
    expect(cache.get(keyOf(2))).toBeUndefined();

    // Entries used since keepSince stay, even over the limit.
    result = pruneCache(dir, 2 * MB, now - 1.5 * DAY);
    expect([...records(dir).keys()].sort()).toEqual([0, 1, 9].map(keyOf));
    expect(cacheUsage(dir).entries).toBe(3);
  });

  it('a build prunes at most once a day; the first build of a cache only leaves the stamp', () => {
    const dir = tempDir('qmkit-cache-daily-');
    const cache = diskCache(dir);
    for (let i = 0; i < 4; i++) {
      cache.put(keyOf(i), { files: { png: new Uint8Array(MB) }, meta: null });
      age(recordFile(dir, keyOf(i)), Date.now() - 10 * DAY);
    }
    expect(pruneCacheDaily(dir, 2 * MB)).toBeUndefined();
    expect(pruneCacheDaily(dir, 2 * MB)).toBeUndefined();
    expect(records(dir).size).toBe(4);
    age(path.join(dir, 'pruned'), Date.now() - 2 * DAY);
    expect(pruneCacheDaily(dir, 2 * MB)!.removedEntries).toBe(3);
    expect(records(dir).size).toBe(1);
  });

  it('reads sizes as a person writes them, and says what is wrong with one it cannot read', () => {
    expect(parseSize('2G', 'x')).toBe(2 * 1024 ** 3);
    expect(parseSize('500M', 'x')).toBe(500 * MB);
    expect(parseSize('1.5gb', 'x')).toBe(1.5 * 1024 ** 3);
    expect(parseSize(String(3 * MB), 'x')).toBe(3 * MB);
    expect(() => parseSize('800K', '--max-size')).toThrow('--max-size 应为缓存的大小上限，如 2G、500M（至少 1M），收到「800K」');
    expect(() => cacheMax({ QMKIT_CACHE_MAX: '两个G' })).toThrow('环境变量 QMKIT_CACHE_MAX 应为缓存的大小上限');
    expect(cacheMax({})).toBe(2 * 1024 ** 3);
  });

  it('qmkit cache shows the entries and their size; qmkit cache prune removes the least recently used', async () => {
    const dir = tempDir('qmkit-cache-cli-');
    const cache = diskCache(dir);
    for (let i = 0; i < 5; i++) {
      cache.put(keyOf(i), { files: { png: new Uint8Array(MB) }, meta: null });
      age(recordFile(dir, keyOf(i)), Date.now() - (5 - i) * DAY);
    }
    const shown = await runCli(['cache', '--cache-dir', dir]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^${dir}/ 有 5 个条目，5\\.0 MB，上限 2\\.0 GB（0 %）；最久未用的条目上次用于 \\d{4}/\\d+/\\d+。$`));
    const pruned = await runCli(['cache', 'prune', '--max-size', '3M', '--cache-dir', dir]);
    expect(pruned.stdout).toBe(`已清理 ${dir}/：删除了 3 个最久未用的条目（3.0 MB），现有 2 个条目，2.0 MB（上限 3.0 MB）。`);
    expect([...records(dir).keys()].sort()).toEqual([3, 4].map(keyOf));
    expect((await runCli(['cache', 'clean', '--cache-dir', dir])).code).toBe(2);
    expect((await runCli(['cache', '--max-size', '3M', '--cache-dir', dir])).code).toBe(2);
  });

  it('a build whose daily scan finds the cache over its limit removes what it did not use, and the next builds still work', () => {
    const work = tempDir('qmkit-cache-build-');
    sampleData(['示例口号甲 质量第一'], path.join(work, 'data1'));
    sampleData(['示例口号乙 品质为先'], path.join(work, 'data2'));
    const cacheDir = path.join(work, 'cache');
    const build = (data: string, env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [BIN, 'build', '--data', data, '--out', 'out', '--profile', 'share-og', '--cache-dir', cacheDir], {
        cwd: work,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true', ...env },
      });
    expect(build('data1').status).toBe(0);
    const first = records(cacheDir);
    // A week passes: every entry, and the last scan, are old.
    for (const key of first.keys()) age(recordFile(cacheDir, key), Date.now() - 7 * DAY);
    age(path.join(cacheDir, 'pruned'), Date.now() - 7 * DAY);
    const second = build('data2', { QMKIT_CACHE_MAX: '1M' });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/缓存超过上限 1\.0 MB：删除了 \d+ 个最久未用的条目（[\d.]+ [KM]B），现有 [\d.]+ [KM]B。上限可用环境变量 QMKIT_CACHE_MAX 设置/);
    // What the second build used stays (used within the hour); what only the first used is gone.
    const left = records(cacheDir);
    expect(left.size).toBeGreaterThan(0);
    for (const used of left.values()) expect(used).toBeGreaterThan(Date.now() - 3600_000);
    expect([...first.keys()].filter((k) => !left.has(k)).length).toBeGreaterThan(0);
    // The first data builds again (what was removed is rendered anew), then the second is a no-op.
    const again = build('data1');
    expect(again.stderr).toMatch(/新渲染 [1-9]/);
    expect(again.status).toBe(0);
    expect(build('data1').stderr).toContain('没有改动');
  }, 300_000);
});
