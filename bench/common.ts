// Shared by the benchmark scripts: the fixed kit, size classes, statistics and formatting.
import path from 'node:path';
import { loadKitData } from '../src/campaign/load.ts';
import type { Campaign, Site } from '../src/campaign/model.ts';
import type { Fonts } from '../src/render/fonts.ts';
import { buildFonts, loadFontFiles } from '../src/render/fonts-node.ts';
import type { RenderJob } from '../src/render/job.ts';
import { planJobs } from '../src/render/plan.ts';
import { jobTexts } from '../src/render/render.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DATA_DIR = path.join(ROOT, 'data');
/** The fixed kit: the shipped 2022 national data (15 slogans and the theme) on every profile. */
export const EDITION = 'national';
export const YEAR = 2022;

export function benchCampaign(dataDir = DATA_DIR): { campaign: Campaign; site: Site } {
  const kit = loadKitData(dataDir, ROOT);
  const campaign = kit.campaigns.find((c) => c.edition === EDITION && c.year === YEAR);
  if (!campaign) throw new Error(`bench: no ${EDITION}/${YEAR} campaign in ${dataDir}`);
  return { campaign, site: kit.site };
}

export async function benchJobs(dataDir = DATA_DIR): Promise<{ jobs: RenderJob[]; fonts: Fonts; campaign: Campaign }> {
  const { campaign, site } = benchCampaign(dataDir);
  const jobs = planJobs(campaign, site);
  const fonts = await buildFonts(jobs.flatMap(jobTexts), loadFontFiles());
  return { jobs, fonts, campaign };
}

export const SIZE_CLASSES = ['LED', 'share ≤1200', '1080p', 'print A4', 'print A3'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** LED panels; share cards up to 1200 px; 1080-class screens (1920×1080, 1080×1920, 1920×360); A4 and A3 prints at 300 dpi. */
export function sizeClass(job: Pick<RenderJob, 'width' | 'height' | 'profile'>): SizeClass {
  if (job.profile.layout === 'led') return 'LED';
  if (job.profile.layout === 'print') return Math.max(job.width, job.height) > 4000 ? 'print A3' : 'print A4';
  if (Math.max(job.width, job.height) <= 1200) return 'share ≤1200';
  return '1080p';
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const sum = (values: Iterable<number>) => {
  let t = 0;
  for (const v of values) t += v;
  return t;
};

export const mib = (bytes: number) => bytes / 1024 / 1024;
export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** A plain-text table: the first row is the header; numbers are right-aligned. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  return cells
    .map((r, ri) =>
      r
        .map((c, i) => {
          const pad = ' '.repeat(widths[i]! - [...c].length);
          return i === 0 || ri === 0 ? c + pad : pad + c;
        })
        .join('  '),
    )
    .join('\n');
}
