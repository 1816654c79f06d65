import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyOutput } from '../../src/kit/build.ts';
import { startRenderPool, stopRenderPool } from '../../src/kit/pool.ts';
import { OUTPUT_MARKER, checkOutputDir, recoverOutput, stageOutput } from '../../src/kit/output.ts';
import type { Manifest } from '../../src/kit/manifest.ts';
import { tempDir, treeHashes } from './helpers.ts';

describe('output folder safety', () => {
  const project = tempDir('qmkit-project-');

  it.each([
    ['the filesystem root', '/', '/'],
    ['the home folder', homedir(), homedir()],
    ['the project itself', project, project],
    ['a parent of the project', path.dirname(project), project],
  ])('refuses %s', (_what, out, contained) => {
    expect(() => checkOutputDir(out, [project])).toThrow(
      `不能把输出文件夹设为 ${path.resolve(out)}：它包含 ${contained}，构建时会替换整个文件夹。请指定一个专用的子文件夹，如 output/`,
    );
  });

  it('refuses a symlink, so a build can never be redirected elsewhere', () => {
    const target = tempDir('qmkit-target-');
    const link = path.join(tempDir('qmkit-link-'), 'out');
    symlinkSync(target, link);
    expect(() => checkOutputDir(link, [project])).toThrow(`输出文件夹 ${link} 是符号链接；为避免写到别处，请指定一个真实的文件夹`);
  });

  it('accepts a missing folder, an empty one and one qmkit made', () => {
    const parent = tempDir('qmkit-ok-');
    expect(() => checkOutputDir(path.join(parent, 'new'), [project])).not.toThrow();
    mkdirSync(path.join(parent, 'empty'));
    expect(() => checkOutputDir(path.join(parent, 'empty'), [project])).not.toThrow();
    mkdirSync(path.join(parent, 'ours'));
    writeFileSync(path.join(parent, 'ours', OUTPUT_MARKER), '');
    writeFileSync(path.join(parent, 'ours', 'index.html'), '');
    expect(() => checkOutputDir(path.join(parent, 'ours'), [project])).not.toThrow();
  });

  it('recovery restores the previous output when a build died between the two renames of the swap', () => {
    const parent = tempDir('qmkit-swap-');
    const out = path.join(parent, 'output');
    mkdirSync(out);
    writeFileSync(path.join(out, OUTPUT_MARKER), '');
    writeFileSync(path.join(out, 'index.html'), 'old site');
    const before = treeHashes(out);
    const staged = stageOutput(out);
    writeFileSync(path.join(staged.dir, 'index.html'), 'new site');
    // Simulate the kill: the old output moved aside, the new one not yet in place.
    const aside = path.join(parent, '.output.qmkit-old-x');
    renameSync(out, aside);
    recoverOutput(out);
    expect(treeHashes(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['output']);
  });

  it('never deletes a folder beside the output that qmkit did not make', () => {
    const parent = tempDir('qmkit-foreign-sibling-');
    const out = path.join(parent, 'output');
    const foreign = path.join(parent, '.output.qmkit-tmp-mine');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'notes.txt'), 'keep');
    recoverOutput(out);
    expect(treeHashes(foreign)).toEqual({ 'notes.txt': expect.any(String) });
  });
});

describe('verifyOutput', () => {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const setUp = () => {
    const dir = tempDir('qmkit-verify-');
    const files = Array.from({ length: 20 }, (_, i) => ({ path: `assets/p${i % 3}/f${i}.png`, text: `file ${i}`.repeat(i * 100) }));
    for (const f of files) {
      mkdirSync(path.join(dir, path.dirname(f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.text);
    }
    const items = files.map((f) => ({ path: f.path, sha256: sha(f.text) }));
    const manifest = { assets: items.slice(0, 18), packs: items.slice(18, 19), contactSheets: items.slice(19) } as unknown as Manifest;
    return { dir, manifest };
  };

  it('passes when every file is there with its hash', () => {
    const { dir, manifest } = setUp();
    expect(() => verifyOutput(dir, manifest)).not.toThrow();
  });

  it.each([
    ['an asset', 'assets/p1/f7.png'],
    ['a pack', 'assets/p0/f18.png'],
    ['a contact sheet', 'assets/p1/f19.png'],
  ])('names %s whose bytes differ from the manifest', (_what, file) => {
    const { dir, manifest } = setUp();
    writeFileSync(path.join(dir, file), 'changed');
    expect(() => verifyOutput(dir, manifest)).toThrow(`Internal error: 文件 ${file} 的 SHA-256 与清单不符`);
  });

  it('names a file that is missing', () => {
    const { dir, manifest } = setUp();
    rmSync(path.join(dir, 'assets/p2/f11.png'));
    expect(() => verifyOutput(dir, manifest)).toThrow('Internal error: 清单中的文件 assets/p2/f11.png 没有写出');
  });

  it('a render worker checks the images the same way, while the main thread writes the site', async () => {
    const { dir, manifest } = setUp();
    const started = startRenderPool(1);
    try {
      const pool = await started.pool;
      const check = () => pool.run({ verify: true, dir, items: manifest.assets }) as Promise<string | null>;
      expect(await check()).toBeNull();
      writeFileSync(path.join(dir, 'assets/p2/f5.png'), 'changed');
      expect(await check()).toBe('Internal error: 文件 assets/p2/f5.png 的 SHA-256 与清单不符');
      rmSync(path.join(dir, 'assets/p1/f4.png'));
      expect(await check()).toBe('Internal error: 清单中的文件 assets/p1/f4.png 没有写出');
    } finally {
      await stopRenderPool(started);
    }
  });
});

describe('stopping the render workers', () => {
  it('waits for the tasks that are running and cancels those not started, so no worker is ended in the middle of one', async () => {
    // Ending a worker in the middle of a task can abort the whole process: Node 22 did, with "close before init",
    // when a worker was ended between making a zlib stream and initialising it.
    const dir = mkdtempSync(path.join(tmpdir(), 'qmkit-pool-stop-'));
    // A 48 MB BMP-like file: a pack deflates it (~0.5 s in the worker).
    const bytes = Buffer.alloc(48 * 1024 ** 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 12)) & 0xff;
    writeFileSync(path.join(dir, 'big.bmp'), bytes);
    const started = startRenderPool(1);
    await started.warming;
    const pack = (name: string) => ({ dir, path: name, readme: '示例', files: [{ name: 'big.bmp', path: 'big.bmp' }], date: Date.UTC(2022, 7, 1) });
    const first = started.run({ packs: [pack('a.zip')] });
    const second = started.run({ packs: [pack('b.zip')] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started.inFlight.size).toBe(2);
    await stopRenderPool(started);
    expect(await first).toHaveLength(1);
    await expect(second).rejects.toThrow();
    expect(statSync(path.join(dir, 'a.zip')).size).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'b.zip'))).toBe(false);
    expect(started.inFlight.size).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
