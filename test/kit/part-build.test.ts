import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { buildKit } from '../../src/kit/build.ts';
import type { Manifest } from '../../src/kit/manifest.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { crawlOutput } from '../site/crawl.ts';
import { listFiles } from '../site/fixture.ts';
import { sampleData, tempDir } from './helpers.ts';

// Issue 11: the site is made from the manifest of the build that made it. A part-build (--edition, --year,
// --profile) gives a site that lists exactly what it built: its edition-years, and in the gallery only its
// surfaces, so the output has no broken internal link; and nothing is planned for a surface that was not chosen.

const ROOT = path.resolve(__dirname, '../..');
// Fits the screens and share cards, but is too long for the 128×32 LEDs (they throw while planning).
const LONG = '示例：质量第一 效益优先 高质量发展 质量强国 品质生活';
const CHOSEN = ['school-screen', 'share-og'];

/** Sample data with two years: 2030 (two slogans, one too long for LED) and 2031. */
function twoYears(): string {
  const dir = sampleData(['示例口号甲 质量第一', LONG]);
  const other = readFileSync(path.join(dir, 'campaigns/sample/2030.yaml'), 'utf8').replaceAll('2030', '2031').replace(LONG, '示例口号乙 品质生活');
  writeFileSync(path.join(dir, 'campaigns/sample/2031.yaml'), other);
  return dir;
}

const pageOf = (out: string, rel: string) => parse(readFileSync(path.join(out, rel), 'utf8'));

describe('a part-build', () => {
  const data = twoYears();
  const out = path.join(tempDir('qmkit-part-'), 'out');
  let manifest: Manifest;

  it('builds with a slogan that cannot be planned on a surface that was not chosen', async () => {
    const summary = await buildKit({ dataDir: data, outDir: out, year: 2030, profiles: CHOSEN, jobs: 2, cacheDir: false, protect: [ROOT, data] });
    manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(summary.manifest).toEqual(manifest);
    expect(manifest.campaigns).toEqual([{ edition: 'sample', year: 2030 }]);
    expect([...new Set(manifest.assets.map((a) => a.profile))].sort()).toEqual([...CHOSEN].sort());
  });

  it('manifest entries carry what the site shows: slogan number, thumbnail and nothing planned elsewhere', () => {
    const slogan2 = manifest.assets.find((a) => a.profile === 'school-screen' && a.n === 2)!;
    expect(slogan2).toMatchObject({ kind: 'slogan', text: LONG, path: 'assets/sample/2030/school-screen/slogan-02.png', thumb: 'thumbs/sample/2030/school-screen/slogan-02.png' });
    expect(existsSync(path.join(out, slogan2.thumb!))).toBe(true);
    expect(manifest.assets.find((a) => a.kind === 'theme' && a.profile === 'share-og')).not.toHaveProperty('n');
  });

  it('the site shows only the built year and surfaces, and has no broken internal link', () => {
    const files = listFiles(out);
    expect(files.some((f) => f.startsWith('sample/2031/'))).toBe(false);
    const galleryPages = files.filter((f) => /^sample\/2030\/posters\/[^/]+\/index\.html$/.test(f)).map((f) => f.split('/')[3]);
    expect(galleryPages.sort()).toEqual([...CHOSEN].sort());
    const hub = pageOf(out, 'sample/2030/posters/index.html');
    expect(hub.querySelectorAll('a.pack').map((a) => a.getAttribute('href'))).toEqual(manifest.packs.map((p) => `../../../${p.path}`));
    const guide = pageOf(out, 'guide/index.html');
    expect(guide.querySelectorAll('#profiles tbody tr').map((tr) => tr.querySelector('td')!.textContent)).toEqual(
      PROFILES.filter((p) => CHOSEN.includes(p.id)).map((p) => p.label),
    );
    const report = crawlOutput(out, '/', 'https://zlgy.test-office.cn/');
    expect(report.broken).toEqual([]);
    expect(report.checked).toBeGreaterThan(50);
  });

  it('the share page of the too-long slogan uses its own share-og card', () => {
    const head = pageOf(out, 'sample/2030/s/2/index.html');
    expect(head.querySelector('meta[property="og:image"]')!.getAttribute('content')).toBe('https://zlgy.test-office.cn/assets/sample/2030/share-og/slogan-02.png');
  });

  it('plain `npx @11ty/eleventy` rebuilds the same pages from data/ and the last build’s manifest', () => {
    const project = tempDir('qmkit-eleventy-');
    symlinkSync(data, path.join(project, 'data'));
    symlinkSync(path.join(ROOT, 'templates'), path.join(project, 'templates'));
    symlinkSync(out, path.join(project, 'output'));
    const before = readFileSync(path.join(out, 'sample/2030/posters/index.html'), 'utf8');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@11ty/eleventy/cmd.cjs'), '--config', path.join(ROOT, '.eleventy.js'), '--quiet'], { cwd: project, stdio: 'pipe' });
    expect(readFileSync(path.join(out, 'sample/2030/posters/index.html'), 'utf8')).toBe(before);
    expect(existsSync(path.join(out, 'sample/2031'))).toBe(false);
  });

  it('plain `npx @11ty/eleventy` without a build fails with a clear Chinese message', () => {
    const project = tempDir('qmkit-eleventy-');
    symlinkSync(data, path.join(project, 'data'));
    symlinkSync(path.join(ROOT, 'templates'), path.join(project, 'templates'));
    mkdirSync(path.join(project, 'output'));
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@11ty/eleventy/cmd.cjs'), '--config', path.join(ROOT, '.eleventy.js')], { cwd: project, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`找不到 ${path.join('output', 'manifest.json')}：网站按上一次构建的清单生成，请先运行 npm run build`);
  });
});
