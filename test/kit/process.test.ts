import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sampleData, treeHashes } from './helpers.ts';
import { describe, expect, it } from 'vitest';

// bin/qmkit.js as a whole process (issue 11): it runs the compiled code made from the current sources, answers
// --version, and finishes quietly when its output goes into a pipe that is already closed (`qmkit profiles | head`).

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/qmkit.js');
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** Runs qmkit with its stdout read end closed before it writes anything; returns its exit code and stderr. */
function intoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('bin/qmkit.js', () => {
  it('--version prints the package version', () => {
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' })).toBe(`qmkit ${version}\n`);
  });

  it.each([[['profiles']], [['check']], [['--help']], [['profiles', '--help']]])('%j into a closed pipe exits 0 without a stack trace', async (args) => {
    const { code, stderr } = await intoClosedPipe(args);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('`qmkit profiles | head -3` prints three lines and nothing on stderr', () => {
    const out = execFileSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" profiles 2>/tmp/qmkit-epipe-$$.err | head -3; s=$?; cat /tmp/qmkit-epipe-$$.err; rm -f /tmp/qmkit-epipe-$$.err; exit $s`], { encoding: 'utf8', cwd: ROOT });
    expect(out.split('\n').filter(Boolean)).toHaveLength(3);
    expect(out).not.toMatch(/EPIPE|Error/);
  });

  it('runs code compiled from the sources as they are now (dist/<hash of src/>)', async () => {
    // @ts-expect-error: plain JavaScript without declarations.
    const runtime = (await import('../../bin/runtime.js')) as { sourceHash(): string; ensureCompiled(): Promise<string> };
    const dir = await runtime.ensureCompiled();
    expect(path.basename(dir)).toBe(runtime.sourceHash());
    expect(readFileSync(path.join(dir, 'done'), 'utf8').trim()).toBe(runtime.sourceHash());
  });

  it("compiles tiny-inflate to node:zlib and only @zxing/library's QR reader into the render workers' code", async () => {
    // @ts-expect-error: plain JavaScript without declarations.
    const runtime = (await import('../../bin/runtime.js')) as { ensureCompiled(): Promise<string> };
    const code = readFileSync(path.join(await runtime.ensureCompiled(), 'render-task.cjs'), 'utf8');
    expect(code).not.toContain('tinf_uncompress');
    expect(code).toContain('inflateRawSync(source)');
    expect(code).toContain('get QRCodeReader()');
    // Other barcode formats are not bundled (they were, through the library's index).
    for (const reader of ['Code128Reader', 'DataMatrixReader', 'PDF417Reader', 'AztecReader']) expect(code).not.toContain(reader);
    expect(code).toContain('QRCodeReader');
  });
});

describe('qmkit build as a process: nothing changed, nothing to do', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'qmkit-noop-'));
  const data = sampleData(['示例口号甲 质量第一'], path.join(work, 'data'));
  const build = (...extra: string[]) =>
    spawnSync(process.execPath, [BIN, 'build', '--data', 'data', '--out', 'out', '--profile', 'share-og', ...extra], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: 'true' } });

  it('a second build with the same inputs answers at once and leaves the output as it was', () => {
    expect(build().status).toBe(0);
    const before = treeHashes(path.join(work, 'out'));
    const again = build();
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/^没有改动：out\/ 与上次构建完全相同（\d+ 个文件），无需重新构建/);
    expect(treeHashes(path.join(work, 'out'))).toEqual(before);
  }, 300_000);

  it('a changed output file, a changed option or changed data builds again', () => {
    const card = path.join(work, 'out/assets/sample/2030/share-og/slogan-01.png');
    const bytes = readFileSync(card);
    writeFileSync(card, 'damaged');
    const repaired = build();
    expect(repaired.stderr).toContain('完成：');
    expect(readFileSync(card)).toEqual(bytes);
    expect(build('--base-url', 'https://zlgy.test-office.cn/x/').stderr).toContain('完成：');
    const inode = (rel: string) => statSync(path.join(work, 'out', rel)).ino;
    const kept = ['maker/engine/resvg.wasm', 'maker/engine/render-worker.js', 'assets/sample/2030/share-og/theme.png'];
    const before = kept.map(inode);
    const edited = inode('assets/sample/2030/share-og/slogan-01.png');
    writeFileSync(path.join(data, 'campaigns/sample/2030.yaml'), readFileSync(path.join(data, 'campaigns/sample/2030.yaml'), 'utf8').replace('质量第一', '品质第一'));
    expect(build('--base-url', 'https://zlgy.test-office.cn/x/').stderr).toContain('完成：');
    // The maker's engine and the theme's card are the last output's very files (carry.ts); the edited card is new.
    expect(kept.map(inode)).toEqual(before);
    expect(inode('assets/sample/2030/share-og/slogan-01.png')).not.toBe(edited);
    expect(build('--base-url', 'https://zlgy.test-office.cn/x/').stderr).toContain('没有改动');
  }, 600_000);
});
