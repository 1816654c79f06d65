import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { stringify } from 'yaml';
import { loadKitData } from '../../src/campaign/load.ts';
import type { Campaign, KitData, Site } from '../../src/campaign/model.ts';
import type { RenderJob } from '../../src/render/job.ts';
import { manifestEntries, type Manifest } from '../../src/render/manifest.ts';
import { packPath } from '../../src/urls.ts';
import { planJobs } from '../../src/render/plan.ts';
import { AUDIENCES, PROFILES } from '../../src/render/profiles.ts';
import { RenderError } from '../../src/errors.ts';
import { buildSite, type BuildSiteResult } from '../../src/site/build-site.ts';

/** Plans the render jobs of one campaign (planJobs, or a tolerant variant of it). */
export type Planner = (campaign: Campaign, site: Site) => readonly RenderJob[];

/** The hostile strings of issue 5: each must show as literal text and create no element, attribute or link. */
export const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{ 7*7 }}'] as const;

export const SITE = { title: '全国“质量月”宣传套件', baseUrl: 'https://zlgy.gov-test.cn/', pathPrefix: '/', defaultEdition: 'national' };

/** A sample year with everything filled in: 3 slogans, a truncated organizer list, no requirements. */
export const SAMPLE_2024 = {
  year: 2024,
  edition: 'national',
  editionName: '全国',
  title: '关于开展2024年全国“质量月”活动的通知',
  docNumber: '国市监质发〔2024〕00号',
  signedOn: '2024-07-26',
  issuer: '市场监管总局等21个部门',
  theme: '加强质量支撑 共建质量强国',
  slogans: ['坚持质量第一 建设质量强国', '人人创造质量 人人享受质量', '质量发展 利民惠民'],
  focusAreas: [
    { title: '扎实推进《纲要》贯彻落实', detail: '深入开展质量提升行动。' },
    { title: '推动质量社会共治' },
  ],
  keyEvents: [{ title: '开展质量强企系列活动', detail: '组织质量品牌交流互鉴等活动。' }],
  organizers: ['市场监管总局', '中央宣传部', '教育部', '工业和信息化部', '公安部', '民政部', '交通运输部', '商务部', '全国总工会'],
  organizersTotal: 21,
  source: { file: '2024-national.txt', url: 'https://www.samr.gov.cn/' },
  sample: true,
};

/** A real-looking year whose slogans are not yet entered, with no organizers. */
export const EMPTY_2023 = {
  year: 2023,
  edition: 'national',
  editionName: '全国',
  title: '关于开展2023年全国“质量月”活动的通知',
  issuer: '市场监管总局',
  theme: '质量强国建设 质量赋能发展',
  slogans: [],
  source: { file: '2023-national.txt' },
};

/** Every free-text field holds a hostile string. */
export const HOSTILE_2022 = {
  year: 2022,
  edition: 'hostile',
  editionName: HOSTILE[3],
  title: HOSTILE[0],
  docNumber: HOSTILE[1],
  issuer: HOSTILE[2],
  theme: HOSTILE[1],
  slogans: [...HOSTILE],
  focusAreas: [{ title: HOSTILE[0], detail: HOSTILE[1] }],
  keyEvents: [{ title: HOSTILE[2], detail: HOSTILE[3] }],
  requirements: [{ title: HOSTILE[3] }],
  organizers: [...HOSTILE],
  source: { file: HOSTILE[0] },
  sample: true,
};

/**
 * planJobs, except that a surface which cannot hold a text (the poster engine refuses `javascript:alert(1)` on a
 * 128×32 LED) is left out instead of failing the whole plan, so hostile strings still reach every page.
 */
export const tolerantPlan: Planner = (campaign, site) =>
  PROFILES.flatMap((profile) => {
    try {
      return planJobs(campaign, site, [profile]);
    } catch (error) {
      if (error instanceof RenderError) return [];
      throw error;
    }
  });

export interface Fixture {
  kit: KitData;
  outDir: string;
  result: BuildSiteResult;
  pathPrefix: string;
  plan: Planner;
  /** What the fixture's stand-in build "made": every planned job, with a pack per audience that has files. */
  manifest: Manifest;
  cleanup(): void;
}

/**
 * Stands in for the kit build's manifest: an entry for every planned job (empty files, so sha256 of nothing),
 * and one pack per audience with files. The site reads only this, as it reads a real build's manifest.
 */
export function plannedManifest(kit: KitData, plan: Planner = tolerantPlan, pathPrefix = kit.site.pathPrefix): Manifest {
  const site = { ...kit.site, pathPrefix };
  const empty = new Uint8Array();
  const jobs = kit.campaigns.flatMap((c) => plan(c, site));
  const assets = jobs.flatMap((job) =>
    manifestEntries(job, { bytes: empty, width: job.width, height: job.height, ...(job.bmpPath ? { bmp: empty } : {}), ...(job.gifPath ? { gif: empty } : {}), ...(job.pdfPath ? { pdf: empty } : {}), ...(job.thumbPath ? { thumb: empty } : {}) }),
  );
  const packs = kit.campaigns.flatMap((c) =>
    AUDIENCES.filter((a) => jobs.some((j) => j.edition === c.edition && j.year === c.year && j.audience === a)).map((audience) => ({
      edition: c.edition,
      year: c.year,
      audience,
      path: packPath(c.edition, c.year, audience),
      sha256: '',
      files: [],
    })),
  );
  return { version: 1, baseUrl: site.baseUrl ?? '', preview: false, campaigns: kit.campaigns.map((c) => ({ edition: c.edition, year: c.year })), assets, packs, contactSheets: [] };
}

/** Writes a data folder, loads it through the real schema, builds the site into a temp folder. */
export async function buildFixture(options: { campaigns?: object[]; site?: object; pathPrefix?: string; plan?: Planner } = {}): Promise<Fixture> {
  const root = mkdtempSync(path.join(tmpdir(), 'qmkit-site-'));
  const dataDir = path.join(root, 'data');
  const campaigns = options.campaigns ?? [SAMPLE_2024, EMPTY_2023, HOSTILE_2022];
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'site.yaml'), stringify(options.site ?? SITE));
  for (const c of campaigns as { edition: string; year: number }[]) {
    mkdirSync(path.join(dataDir, 'campaigns', c.edition), { recursive: true });
    writeFileSync(path.join(dataDir, 'campaigns', c.edition, `${c.year}.yaml`), stringify(c));
  }
  const kit = loadKitData(dataDir);
  const outDir = path.join(root, 'out');
  const plan = options.plan ?? tolerantPlan;
  const pathPrefix = options.pathPrefix ?? kit.site.pathPrefix;
  const manifest = plannedManifest(kit, plan, pathPrefix);
  const result = await buildSite({ kit, outDir, quiet: true, manifest, ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}) });
  return { kit, outDir, result, pathPrefix, plan, manifest, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Stands in for the kit build: an empty file at every path its manifest lists (assets, thumbnails, packs). */
export function writePlannedFiles(f: Pick<Fixture, 'manifest' | 'outDir'>): number {
  const files = new Set<string>();
  for (const a of f.manifest.assets) for (const p of [a.path, a.thumb]) if (p) files.add(p);
  for (const p of f.manifest.packs) files.add(p.path);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(f.outDir, file)), { recursive: true });
    writeFileSync(path.join(f.outDir, file), '');
  }
  return files.size;
}

export function readPage(outDir: string, page: string): { html: string; root: HTMLElement } {
  const html = readFileSync(path.join(outDir, page), 'utf8');
  return { html, root: parse(html, { comment: true }) };
}

export function listFiles(dir: string, base = ''): string[] {
  return readdirSync(path.join(dir, base), { withFileTypes: true }).flatMap((e) => {
    const rel = base ? `${base}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

export const text = (el: HTMLElement | null | undefined) => {
  if (!el) throw new Error('element not found');
  return el.textContent;
};
