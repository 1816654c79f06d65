import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKit, type BuildOptions } from '../../src/kit/build.ts';
import { firstBuild } from '../../src/kit/pool.ts';
import type { Manifest } from '../../src/kit/manifest.ts';
import { findProfile } from '../../src/render/profiles.ts';
import { listFiles } from '../../src/kit/renderer.ts';
import { sampleData, tempDir, treeHashes } from './helpers.ts';

// A small kit: a few profiles that cover every kind (poster, QR card, LED strip and pages), three sample slogans.
const PROFILES = ['school-screen', 'share-og', 'transit-bus-led'];
const SLOGANS = ['示例口号甲 质量第一', '示例口号乙 品质生活', '示例口号丙 人人参与'];
const ROOT = path.resolve(__dirname, '../..');

function options(dataDir: string, outDir: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { dataDir, outDir, profiles: PROFILES, jobs: 2, cacheDir: false, protect: [ROOT, dataDir], ...extra };
}

const leftovers = (outDir: string) => readdirSync(path.dirname(outDir)).filter((n) => n.includes('.qmkit-'));

describe('qmkit build', () => {
  const data = sampleData(SLOGANS);
  const work = tempDir('qmkit-build-');
  const first = path.join(work, 'a');
  let firstHashes: Record<string, string>;
  let manifest: Manifest;

  it('builds the kit, and the manifest lists every file with a matching sha256', async () => {
    const summary = await buildKit(options(data, first));
    manifest = JSON.parse(readFileSync(path.join(first, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.version).toBe(1);
    expect(manifest.baseUrl).toBe('https://zlgy.test-office.cn/');
    expect(summary.rendered).toBe(summary.jobs);
    firstHashes = treeHashes(first);
    for (const a of [...manifest.assets, ...manifest.packs, ...manifest.contactSheets]) expect(firstHashes[a.path], a.path).toBe(a.sha256);
    expect(manifest.packs.length).toBeGreaterThan(0);
    expect(manifest.contactSheets.length).toBe(1);
    const og = manifest.assets.filter((a) => a.profile === 'share-og');
    expect(og.map((a) => a.url)).toEqual([
      'https://zlgy.test-office.cn/sample/2030/',
      'https://zlgy.test-office.cn/sample/2030/s/1/',
      'https://zlgy.test-office.cn/sample/2030/s/2/',
      'https://zlgy.test-office.cn/sample/2030/s/3/',
    ]);
    expect(existsSync(path.join(first, 'index.html'))).toBe(true);
    expect(existsSync(path.join(first, 'sample/2030/s/3/index.html'))).toBe(true);
    expect(leftovers(first)).toEqual([]);
  });

  it('gives byte-identical files with --jobs 1 and --jobs 2', async () => {
    const second = path.join(work, 'b');
    await buildKit(options(data, second, { jobs: 1 }));
    expect(treeHashes(second)).toEqual(firstHashes);
  });

  it('packs hold exactly the manifest files of their audience, and open with the system unzip', () => {
    for (const pack of manifest.packs) {
      const listing = execFileSync('unzip', ['-Z1', path.join(first, pack.path)], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } }).trim().split('\n');
      const expected = manifest.assets
        .filter((a) => findProfile(a.profile)?.audience === pack.audience)
        .map((a) => a.path.split('/').slice(3).join('/'));
      expect(listing).toEqual(['使用说明.txt', ...expected]);
      execFileSync('unzip', ['-tq', path.join(first, pack.path)]);
    }
    expect(manifest.packs.map((p) => p.audience)).toEqual(['school', 'transit', 'share']);
  });

  it('the cache re-renders nothing when nothing changed, and only the edited slogan after an edit', async () => {
    const cacheDir = tempDir('qmkit-cache-');
    const out = path.join(work, 'c');
    const cold = await buildKit(options(data, out, { cacheDir }));
    expect(cold.rendered).toBe(cold.jobs);
    expect([cold.contactSheetsRendered, cold.siteFromCache]).toEqual([1, false]);
    // The site's cache entry holds the site's files only: the packs and the contact sheet, written into the same
    // folder by the render workers while the site is made, have entries of their own.
    const siteEntries = readdirSync(cacheDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'))
      .map((f) => (JSON.parse(readFileSync(path.join(cacheDir, f), 'utf8')) as { meta: { paths?: string[] } | null }).meta?.paths)
      .filter((paths): paths is string[] => Array.isArray(paths));
    expect(siteEntries).toHaveLength(1);
    expect(siteEntries[0]).toContain('index.html');
    expect(siteEntries[0]!.filter((p) => p.startsWith('downloads/') || p.endsWith('contact-sheet.png'))).toEqual([]);
    const warm = await buildKit(options(data, out, { cacheDir }));
    expect(warm.rendered).toBe(0);
    // Nothing changed: the contact sheet and the whole site come from the cache too, byte-identical.
    expect([warm.contactSheetsRendered, warm.siteFromCache]).toEqual([0, true]);
    expect(treeHashes(out)).toEqual(firstHashes);

    // An entry whose record is there but one of its files is not (broken since the build looked): that job renders
    // after all, and the output is the same.
    const records = readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    const broken = records.find((f) => (JSON.parse(readFileSync(path.join(cacheDir, f), 'utf8')) as { names: string[] }).names.includes('thumb'))!;
    rmSync(path.join(cacheDir, broken.replace(/\.json$/, '.png')));
    const mended = await buildKit(options(data, out, { cacheDir }));
    expect([mended.rendered, mended.jobs - mended.rendered]).toEqual([1, cold.jobs - 1]);
    expect(treeHashes(out)).toEqual(firstHashes);

    const entries = (kind: 'cell' | 'strip') =>
      readdirSync(cacheDir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.json') && (JSON.parse(readFileSync(path.join(cacheDir, f), 'utf8')) as { meta: Record<string, boolean> | null }).meta?.[kind])
        // The record's inode: a put writes a new file and renames it into place; a use only marks its time.
        .map((f) => [f, statSync(path.join(cacheDir, f)).ino] as const);
    const cellRecords = () => entries('cell');
    const stripsBefore = entries('strip');
    const cellsBefore = cellRecords();
    // The engine's QR answers (the mask each URL's code uses, how each card's code read), kept by the render workers.
    const memoEntries = () => readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.txt')).sort();
    const memoBefore = memoEntries();
    const cards = manifest.assets.filter((a) => a.profile === 'share-og').length;
    expect(memoBefore).toHaveLength(cards + cards); // one mask per URL (one card each) and one reading per card
    const edited = sampleData([SLOGANS[0]!, '示例口号丁 改过一条', SLOGANS[2]!]);
    const after = await buildKit(options(edited, out, { cacheDir }));
    // The edited slogan's card has a new hero, but its code and the card around it are the same pixels: read before.
    expect(memoEntries()).toEqual(memoBefore);
    const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    const slogan2Jobs = new Set(m.assets.filter((a) => a.path.includes('/slogan-02')).map((a) => a.path.replace(/\.(bmp|gif|pdf)$/, '.png'))).size;
    expect(after.rendered).toBe(slogan2Jobs);
    expect([after.contactSheetsRendered, after.siteFromCache]).toEqual([1, false]);
    // The sheet was drawn again, but only the edited slogan's images were scaled to new cells (by the render workers,
    // beside their renders): the others came from the cache (the cold build made one per image).
    const pngs = (list: Manifest['assets']) => list.filter((a) => a.path.endsWith('.png'));
    const cellsAfter = cellRecords();
    // One tile per image.
    expect(cellsBefore).toHaveLength(pngs(manifest.assets).length);
    expect(cellsAfter).toHaveLength(cellsBefore.length + pngs(m.assets).filter((a) => a.path.includes('/slogan-02')).length);
    expect(cellsAfter.filter(([f]) => cellsBefore.some(([g]) => g === f))).toEqual(cellsBefore); // not written again
    // The sheet's compressed strips: the title, each profile's heading and each of its rows of 12 tiles. After the
    // edit only the rows that show an edited image are compressed again; the others, and the headings, are reused.
    const rowsOf = (list: Manifest['assets']) => {
      const rows = new Map<string, string[]>();
      for (const profile of new Set(pngs(list).map((a) => a.profile))) {
        pngs(list)
          .filter((a) => a.profile === profile)
          .forEach((a, i) => rows.set(`${profile}/${Math.floor(i / 12)}`, [...(rows.get(`${profile}/${Math.floor(i / 12)}`) ?? []), a.path]));
      }
      return rows;
    };
    const profilesShown = new Set(pngs(manifest.assets).map((a) => a.profile)).size;
    expect(stripsBefore).toHaveLength(1 + profilesShown + rowsOf(manifest.assets).size);
    const editedRows = [...rowsOf(m.assets).values()].filter((paths) => paths.some((p) => p.includes('/slogan-02'))).length;
    expect(editedRows).toBeGreaterThan(0);
    const stripsAfter = entries('strip');
    expect(stripsAfter).toHaveLength(stripsBefore.length + editedRows);
    expect(stripsAfter.filter(([f]) => stripsBefore.some(([g]) => g === f))).toEqual(stripsBefore); // not written again
    // Warm or cold, the same input gives the same bytes.
    const fresh = path.join(work, 'd');
    await buildKit(options(edited, fresh));
    expect(treeHashes(out)).toEqual(treeHashes(fresh));
  }, 180_000); // four (or two) whole builds, each also writing the maker's engine (~37 MB): longer than the default minute on a busy machine

  it('takes unchanged files over from the output it replaces, never a changed one; a failed build leaves that output as it was', async () => {
    const cacheDir = tempDir('qmkit-cache-');
    const out = path.join(work, 'carry');
    await buildKit(options(data, out, { cacheDir }));
    const images = () => listFiles(out).filter((f) => f.startsWith('assets/') || f.startsWith('thumbs/'));
    const inodes = () => new Map(images().map((f) => [f, statSync(path.join(out, f)).ino]));
    const before = inodes();
    // An image of the old output edited by hand since: it is not what the cache holds, so it is never taken over.
    const tampered = images().find((f) => f.includes('slogan-01') && f.endsWith('.png'))!;
    writeFileSync(path.join(out, tampered), 'not a png');
    const edited = sampleData([SLOGANS[0]!, '示例口号丁 改过一条', SLOGANS[2]!]);
    // A build that fails after taking files over leaves the old output byte for byte as it was (nothing is written
    // through a taken file), the hand-edited image included.
    const beforeFail = treeHashes(out);
    await expect(buildKit(options(edited, out, { cacheDir, failAfterRenders: 0 }))).rejects.toThrow(/Injected failure/);
    expect(treeHashes(out)).toEqual(beforeFail);
    await buildKit(options(edited, out, { cacheDir }));
    // The replaced output is gone once the build has returned (it is removed in the background of the swap).
    expect(leftovers(out)).toEqual([]);
    const after = inodes();
    const kept = [...after].filter(([f, ino]) => before.get(f) === ino).map(([f]) => f);
    // Every image file of the slogans that did not change is the very file of the last output; the edited slogan's,
    // the hand-edited one and the contact sheet (which shows the edited slogan) are new.
    expect(kept.sort()).toEqual(images().filter((f) => !f.includes('slogan-02') && f !== tampered && !f.endsWith('contact-sheet.png')).sort());
    const fresh = path.join(work, 'carry-fresh');
    await buildKit(options(edited, fresh));
    expect(treeHashes(out)).toEqual(treeHashes(fresh));
  }, 180_000); // four small builds

  it("reuses the last build's font subset while it covers the characters, with the same bytes as a cold build", async () => {
    const cacheDir = tempDir('qmkit-cache-');
    const profiles = [...PROFILES, 'print-a4'];
    const subsetChars = () =>
      readdirSync(cacheDir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.json'))
        .map((f) => (JSON.parse(readFileSync(path.join(cacheDir, f), 'utf8')) as { meta: { chars?: string } | null }).meta?.chars)
        .filter((chars): chars is string => typeof chars === 'string');
    await buildKit(options(data, path.join(work, 'subset-a'), { cacheDir, profiles }));
    expect(subsetChars()).toHaveLength(1);
    expect(subsetChars()[0]).toContain('乙');
    // Slogan 乙 dropped: its characters are no longer needed, and the stored subset (which has them) is used as it is.
    const fewer = sampleData([SLOGANS[0]!, SLOGANS[2]!]);
    const out = path.join(work, 'subset-b');
    await buildKit(options(fewer, out, { cacheDir, profiles }));
    expect(subsetChars()).toHaveLength(1);
    expect(subsetChars()[0]).toContain('乙');
    const fresh = path.join(work, 'subset-fresh');
    await buildKit(options(fewer, fresh, { profiles }));
    expect(treeHashes(out)).toEqual(treeHashes(fresh));
    // A new character: the stored subset lacks it, so the fonts are subset again and stored for the next build.
    await buildKit(options(sampleData([...SLOGANS, '示例口号戊 再加一条']), path.join(work, 'subset-c'), { cacheDir, profiles }));
    expect(subsetChars()).toHaveLength(1);
    expect(subsetChars()[0]).toContain('戊');
  }, 180_000); // four small builds

  it('a build that fails part-way leaves the previous output byte-identical and no temporary folders', async () => {
    const before = treeHashes(first);
    await expect(buildKit(options(sampleData(['示例 另一条口号']), first, { failAfterRenders: 2 }))).rejects.toThrow(/Injected failure/);
    expect(treeHashes(first)).toEqual(before);
    expect(leftovers(first)).toEqual([]);
  });

  it('a build killed with SIGKILL leaves the previous output byte-identical; the next build cleans up', async () => {
    const before = treeHashes(first);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/qmkit.js'), 'build', '--data', sampleData(['示例 被中断的构建']), '--out', first, '--no-cache', ...PROFILES.flatMap((p) => ['--profile', p])], {
      cwd: work,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (/渲染海报：\d+\/\d+/.test(chunk.toString()) && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    await new Promise((r) => child.once('exit', r).once('close', r));
    expect(treeHashes(first)).toEqual(before);
    expect(leftovers(first).length).toBeGreaterThan(0);
    await buildKit(options(data, first));
    expect(leftovers(first)).toEqual([]);
    expect(treeHashes(first)).toEqual(firstHashes);
  }, 180_000); // four (or two) whole builds: on a busy shared machine they take longer than the default minute

  it('refuses an output folder that is not empty and was not made by qmkit', async () => {
    const foreign = tempDir('qmkit-foreign-');
    writeFileSync(path.join(foreign, 'important.docx'), 'keep me');
    await expect(buildKit(options(data, foreign))).rejects.toThrow(
      `输出文件夹 ${foreign} 不是空的，也不是 qmkit 生成的（缺少 .qmkit-output 标记）。为避免误删其中的文件，请换一个空文件夹，或先自行清空它`,
    );
    expect(readFileSync(path.join(foreign, 'important.docx'), 'utf8')).toBe('keep me');
  });
});

describe('firstBuild', () => {
  it('is true without a cache folder (or with --no-cache), false once one exists', () => {
    const dir = tempDir('qmkit-first-');
    expect(firstBuild(false)).toBe(true);
    expect(firstBuild(path.join(dir, 'not-yet'))).toBe(true);
    expect(firstBuild(dir)).toBe(false);
  });
});
