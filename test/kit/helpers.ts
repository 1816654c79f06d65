import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';

/** A sample campaign (marked sample: it is not from a notice) for build tests. */
export function sampleData(slogans: string[], dir = mkdtempSync(path.join(tmpdir(), 'qmkit-data-'))): string {
  mkdirSync(path.join(dir, 'campaigns', 'sample'), { recursive: true });
  writeFileSync(path.join(dir, 'site.yaml'), 'title: 测试站点\nbaseUrl: https://zlgy.test-office.cn/\npathPrefix: /\ndefaultEdition: sample\n');
  writeFileSync(
    path.join(dir, 'campaigns', 'sample', '2030.yaml'),
    [
      'year: 2030',
      'edition: sample',
      'editionName: 示例市',
      'title: 关于开展2030年示例市“质量月”活动的通知（示例）',
      'issuer: 示例市质量工作办公室',
      'theme: 示例主题 质量为先',
      'slogans:',
      ...slogans.map((s) => `  - ${s}`),
      'source:',
      '  file: sample.txt',
      'sample: true',
      '',
    ].join('\n'),
  );
  return dir;
}

/** sha256 of every file under dir, keyed by relative path. */
export function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const full = path.join(dir, rel);
    try {
      out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
    } catch {
      // a folder
    }
  }
  return out;
}

export const tempDir = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));
