import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadKitData } from '../campaign/load.ts';
import type { Site } from '../campaign/model.ts';
import type { Command } from '../cli.ts';
import { printMarksFlag } from './build.ts';
import { UsageError } from '../errors.ts';
import { publicBase } from '../urls.ts';
import { buildFonts, loadFontFiles } from '../render/fonts.ts';
import { buildManifest, manifestEntries, type ManifestEntry } from '../render/manifest.ts';
import { planJobs } from '../render/plan.ts';
import { PROFILES, findProfile } from '../render/profiles.ts';
import { jobTexts, renderJob } from '../render/render.ts';

/** Replaces the site's baseUrl with a --base-url value (http/https, absolute, ending in '/'). */
export function withBaseUrl(site: Site, value: string | undefined): Site {
  if (value === undefined) return site;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url 应为完整网址（如 https://example.gov.cn/zlyue/），收到「${value}」`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--base-url 只能是 http:// 或 https:// 网址，收到「${value}」`);
  const href = url.href.endsWith('/') ? url.href : `${url.href}/`;
  return { ...site, baseUrl: href };
}

function write(outDir: string, rel: string, bytes: Uint8Array): void {
  const file = path.join(outDir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

const command: Command = {
  description: '渲染一个活动年度的全部海报、LED 条屏图、打印稿和分享卡，并写出 manifest.json。',
  usage: 'qmkit render [--data <目录>] [--base-url <网址>] --edition <版本> --year <年份> [--profile <规格>…] [--no-print-marks] --out <目录>',
  options: {
    data: { type: 'string', default: 'data' },
    'base-url': { type: 'string' },
    edition: { type: 'string' },
    year: { type: 'string' },
    profile: { type: 'string', multiple: true },
    out: { type: 'string' },
    'print-marks': { type: 'boolean', default: false },
    'no-print-marks': { type: 'boolean', default: false },
  },
  async run(values) {
    if (typeof values.edition !== 'string') throw new UsageError('缺少 --edition（如 national）');
    if (typeof values.year !== 'string' || !/^\d{4}$/.test(values.year)) throw new UsageError(`--year 应为四位年份，收到「${String(values.year ?? '')}」`);
    if (typeof values.out !== 'string') throw new UsageError('缺少 --out（输出目录）');
    const ids = (values.profile as string[] | undefined) ?? [];
    const unknown = ids.filter((id) => !findProfile(id));
    if (unknown.length) throw new UsageError(`未知规格：${unknown.join('、')}。可用规格：${PROFILES.map((p) => p.id).join('、')}`);
    const profiles = ids.length ? PROFILES.filter((p) => ids.includes(p.id)) : PROFILES;

    const kit = loadKitData(path.resolve(String(values.data)));
    const site = withBaseUrl(kit.site, values['base-url'] as string | undefined);
    const year = Number(values.year);
    const campaign = kit.campaigns.find((c) => c.edition === values.edition && c.year === year);
    if (!campaign) {
      const have = kit.campaigns.map((c) => `${c.edition}/${c.year}`).join('、') || '（无）';
      throw new UsageError(`数据中没有 ${values.edition}/${year}。现有：${have}`);
    }
    const { base, preview } = publicBase(site);
    if (preview && profiles.some((p) => p.qr)) {
      console.error(`⚠️  警告：baseUrl 为「${base}」，不是正式网址。分享卡上的二维码指向本机，已在卡片上标注“预览”。正式发布前请在 data/site.yaml 中设置 baseUrl，或使用 --base-url。`);
    }

    const jobs = planJobs(campaign, site, profiles, { printMarks: printMarksFlag(values) });
    const fonts = await buildFonts(jobs.flatMap(jobTexts), loadFontFiles());
    const outDir = path.resolve(values.out);
    const entries: ManifestEntry[] = [];
    const started = performance.now();
    for (const job of jobs) {
      const result = await renderJob(job, fonts);
      write(outDir, job.path, result.bytes);
      if (job.bmpPath && result.bmp) write(outDir, job.bmpPath, result.bmp);
      if (job.gifPath && result.gif) write(outDir, job.gifPath, result.gif);
      if (job.pdfPath && result.pdf) write(outDir, job.pdfPath, result.pdf);
      if (job.thumbPath && result.thumb) write(outDir, job.thumbPath, result.thumb);
      entries.push(...manifestEntries(job, result));
    }
    write(outDir, 'manifest.json', new TextEncoder().encode(`${JSON.stringify(buildManifest(base, entries), null, 2)}\n`));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`✓ ${campaign.editionName} ${year}：${jobs.length} 张图（${entries.length} 个文件）已写入 ${path.relative(process.cwd(), outDir) || '.'}，用时 ${seconds} 秒`);
    if (preview && profiles.some((p) => p.qr)) console.error('⚠️  再次提醒：本次分享卡为“预览”版，二维码不可对外发布。');
    return 0;
  },
};
export default command;
