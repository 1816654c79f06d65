import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditReport } from '../audit/report.ts';
import { BuildError } from '../errors.ts';
import type { Manifest } from '../render/manifest.ts';

// The site is made from what the last build made: its manifest.json and audit.json. `qmkit serve` and a plain
// `npx @11ty/eleventy` (the top-level .eleventy.js) read them here; `qmkit build` passes its own in memory.

export interface BuiltOutput {
  readonly manifest: Manifest;
  readonly audit?: AuditReport;
}

/** Reads outDir/manifest.json (and audit.json when present); a clear Chinese error when there is no build. */
export function readBuiltOutput(outDir: string): BuiltOutput {
  const file = path.join(outDir, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BuildError(`找不到 ${file}：网站按上一次构建的清单生成，请先运行 npm run build（或 npx qmkit build）。`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (cause) {
    throw new BuildError(`${file} 不是有效的 JSON：请重新运行 npm run build。`, { cause });
  }
  if (manifest?.version !== 1 || !Array.isArray(manifest.assets)) {
    throw new BuildError(`${file} 不是 qmkit 的清单（缺少 version: 1 或 assets）：请重新运行 npm run build。`);
  }
  // Manifests written before issue 11 have no campaigns list: the edition-years of their assets stand in for it.
  const campaigns =
    manifest.campaigns ?? [...new Map(manifest.assets.map((a) => [`${a.edition}/${a.year}`, { edition: a.edition, year: a.year }])).values()];
  let audit: AuditReport | undefined;
  try {
    audit = JSON.parse(readFileSync(path.join(outDir, 'audit.json'), 'utf8')) as AuditReport;
  } catch {
    audit = undefined;
  }
  return { manifest: { ...manifest, campaigns, packs: manifest.packs ?? [], contactSheets: manifest.contactSheets ?? [] }, ...(audit ? { audit } : {}) };
}
