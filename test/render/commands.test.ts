import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-run.ts';
import { displayWidth, profilesTable } from '../../src/commands/profiles.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { sampleData } from '../kit/helpers.ts';

const out = mkdtempSync(path.join(tmpdir(), 'qmkit-render-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = runCli;

describe('qmkit profiles', () => {
  it('prints one aligned row per profile with the Chinese headers', () => {
    const lines = profilesTable().split('\n');
    expect(lines[0]).toMatch(/^id\s+受众\s+尺寸\s+安全区\s+观看距离\s+最小字高\s+色彩$/);
    expect(lines).toHaveLength(PROFILES.length + 2);
    for (const p of PROFILES) expect(lines.some((l) => l.startsWith(`${p.id} `))).toBe(true);
    expect(lines.find((l) => l.startsWith('transit-bus-led '))).toMatch(/公共交通\s+128×32\s+128×32\s+6 m\s+16 px \/ 80\.0 mm\s+单红 LED$/);
    // Columns line up in a terminal, where each Chinese character takes two columns.
    const col = (l: string) => displayWidth(l.slice(0, l.indexOf(l.split(/ {2,}/)[2]!)));
    expect(new Set(lines.slice(2).map(col)).size).toBe(1);
  });
});

describe('qmkit render', () => {
  it('writes the images, their BMPs, GIFs and thumbnails, and manifest.json in the contract’s exact shape', async () => {
    const r = await run(['render', '--edition', 'national', '--year', '2022', '--profile', 'transit-bus-led', '--profile', 'share-miniprogram', '--out', out]);
    expect(r.code).toBe(0);
    // data/site.yaml points at localhost: the command warns loudly.
    expect(r.stderr).toContain('警告');
    expect(r.stderr).toContain('预览');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest)).toEqual(['version', 'baseUrl', 'assets']);
    expect(manifest.version).toBe(1);
    expect(manifest.baseUrl).toBe('http://localhost:8080/');
    for (const a of manifest.assets) {
      // The stable fields first, in order (format added by issue 13); the print fields on PDFs; then the optional
      // ones issue 11 added, in this order, only where they apply.
      const keys = Object.keys(a);
      const print = a.format === 'pdf' ? ['trimMm', 'bleedMm'] : [];
      expect(keys.slice(0, 11 + print.length)).toEqual(['edition', 'year', 'kind', 'profile', 'width', 'height', 'path', 'format', 'sha256', 'text', 'url', ...print]);
      expect(keys.slice(11 + print.length)).toEqual(['n', 'page', 'thumb', 'bmp', 'gif', 'pdf'].filter((k) => k in a));
      expect(a.path.endsWith(`.${a.format}`)).toBe(true);
      if (a.kind === 'slogan') expect(a.n).toBeGreaterThan(0);
      if (a.kind === 'theme') expect(a).not.toHaveProperty('n');
      if (a.kind === 'led-page') expect(a.page).toBeGreaterThan(0);
      if (a.thumb) expect(readFileSync(path.join(out, a.thumb)).byteLength).toBeGreaterThan(0);
      for (const twin of [a.bmp, a.gif, a.pdf]) if (twin) expect(manifest.assets.some((b: { path: string }) => b.path === twin)).toBe(true);
      expect(createHash('sha256').update(readFileSync(path.join(out, a.path))).digest('hex')).toBe(a.sha256);
    }
    const card = manifest.assets.find((a: { profile: string; path: string }) => a.profile === 'share-miniprogram' && a.path.endsWith('slogan-15.png'));
    expect(card).toMatchObject({ edition: 'national', year: 2022, kind: 'slogan', width: 500, height: 400, text: '人人创造质量 人人享受质量', url: 'http://localhost:8080/national/2022/s/15/' });
    const bmps = manifest.assets.filter((a: { path: string }) => a.path.endsWith('.bmp'));
    expect(bmps.length).toBe(manifest.assets.filter((a: { profile: string; path: string }) => a.profile === 'transit-bus-led' && a.path.endsWith('.png')).length);
    expect(bmps.every((a: { url: null }) => a.url === null)).toBe(true);
    // A scrolling GIF per LED strip, at the panel's size; a print PDF per A4 poster, with its paper size and bleed.
    const gifs = manifest.assets.filter((a: { format: string }) => a.format === 'gif');
    expect(gifs.map((a: { path: string }) => a.path.replace('.gif', '.png'))).toEqual(manifest.assets.filter((a: { kind: string; format: string }) => a.kind === 'led-strip' && a.format === 'png').map((a: { path: string }) => a.path));
    expect(gifs.every((a: { width: number; height: number }) => a.width === 128 && a.height === 32)).toBe(true);

    // Strips wider than 400 px get a gallery thumbnail.
    expect(readFileSync(path.join(out, 'thumbs/national/2022/transit-bus-led/slogan-01-strip.png')).byteLength).toBeGreaterThan(0);
  });

  it('writes a print PDF per A4 poster with its paper size and bleed in the manifest; --no-print-marks drops the slug', async () => {
    const data = sampleData(['示例口号甲 质量第一']);
    for (const [flags, media] of [[[], 235.4], [['--no-print-marks'], 216]] as const) {
      const r = await run(['render', '--data', data, '--edition', 'sample', '--year', '2030', '--profile', 'print-a4', ...flags, '--out', out]);
      expect(r.code).toBe(0);
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
      const pdfs = manifest.assets.filter((a: { format: string }) => a.format === 'pdf');
      expect(pdfs.map((a: { path: string }) => a.path)).toEqual(['assets/sample/2030/print-a4/theme.pdf', 'assets/sample/2030/print-a4/slogan-01.pdf']);
      expect(pdfs[0]).toMatchObject({ profile: 'print-a4', kind: 'theme', width: 2480, height: 3508, trimMm: [210, 297], bleedMm: 3 });
      const pdf = readFileSync(path.join(out, pdfs[0].path)).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf)!;
      expect(Number(box[1]) / (72 / 25.4)).toBeCloseTo(media, 2);
    }
  }, 120_000);

  it.each([
    [['render', '--edition', 'national', '--year', '2022', '--profile', 'nope', '--out', out], '未知规格：nope'],
    [['render', '--edition', 'national', '--year', '1999', '--out', out], '数据中没有 national/1999'],
    [['render', '--edition', 'national', '--year', '2022', '--base-url', 'ftp://x/', '--out', out], '--base-url 只能是 http:// 或 https:// 网址'],
  ])('%j fails with a usage error', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('--base-url replaces the site’s base URL and drops the preview warning', async () => {
    const r = await run(['render', '--edition', 'national', '--year', '2022', '--profile', 'share-miniprogram', '--base-url', 'https://zlyue.example.gov.cn', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.baseUrl).toBe('https://zlyue.example.gov.cn/');
    expect(manifest.assets[1].url).toBe('https://zlyue.example.gov.cn/national/2022/s/1/');
  });
});
