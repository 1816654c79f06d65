import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Library code never imports the layer above it. The layers, top down: the CLI (cli.ts, commands/), the build
// (kit/), then the libraries the build and the browser share (site/, maker/, render/, audit/, ...).

const SRC = path.resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|mts)$/.test(e.name) ? [p] : [];
  });
}

/** Every relative module a file imports (static, re-export or dynamic), resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).split(path.sep).join('/'));
}

/** The top-level part of src/ a path belongs to: `kit`, `render`, `urls.ts`, ... */
const partOf = (rel: string) => rel.split('/')[0]!;

const ABOVE: Record<string, readonly string[]> = {
  render: ['kit', 'commands', 'cli.ts', 'site', 'maker'],
  audit: ['kit', 'commands', 'cli.ts', 'site', 'maker'],
  campaign: ['kit', 'commands', 'cli.ts', 'site', 'maker', 'render', 'audit'],
  notice: ['kit', 'commands', 'cli.ts', 'site', 'maker'],
  browser: ['kit', 'commands', 'cli.ts', 'site', 'maker'],
  maker: ['kit', 'commands', 'cli.ts'],
  site: ['kit', 'commands', 'cli.ts'],
  'urls.ts': ['kit', 'commands', 'cli.ts', 'site', 'maker'],
  'pack-readme.ts': ['kit', 'commands', 'cli.ts', 'site', 'maker'],
  kit: ['commands', 'cli.ts'],
};

describe('layers', () => {
  const files = sourceFiles(SRC);

  it('finds the source and its imports (the scan itself works)', () => {
    const build = files.find((f) => f.endsWith(path.join('kit', 'build.ts')))!;
    expect(importsOf(build)).toEqual(expect.arrayContaining(['site/view-model.ts', 'urls.ts', 'pack-readme.ts']));
    expect(files.length).toBeGreaterThan(50);
  });

  it('no library imports a layer above it (render never imports kit, the maker never imports the build)', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = partOf(path.relative(SRC, file).split(path.sep).join('/'));
      const banned = ABOVE[from] ?? [];
      for (const target of importsOf(file)) {
        if (banned.includes(partOf(target))) wrong.push(`${path.relative(SRC, file)} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
