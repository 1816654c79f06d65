import type { Campaign } from './campaign/model.ts';
import { AUDIENCE_LABELS, BLEED_MM, PROFILES, type Audience } from './render/profiles.ts';
import { PAGE_PAUSE_MS, scrollDotsPerSecond } from './render/led-gif.ts';

// The text of a download pack's 使用说明.txt, its name and how each entry is zipped: shared by the CLI's packs
// (src/kit/packs.ts) and the in-browser maker (src/maker/), so both write the same ZIP for the same files. Pure: no I/O.

/** A pack's guide: the first entry of every pack ZIP, the CLI's and the maker's. */
export const PACK_README = '使用说明.txt';

/**
 * The deflate level of a ZIP entry: 0 (stored as it is) for PNGs, PDFs and GIFs, which are compressed inside
 * (deflating the 2022 print PDFs again saved 1.2 % of their bytes for ~170 ms a build; the 48 LED GIFs, 12 % of
 * 6.6 MB for ~1 s of CPU on every build that re-zips the community pack), 6 for the rest (BMPs shrink to 13 %).
 */
export const zipLevel = (name: string): 0 | 6 => (/\.(png|pdf|gif)$/i.test(name) ? 0 : 6);

/** The campaign fields the text names. */
export type PackCampaign = Pick<Campaign, 'year' | 'editionName' | 'sample' | 'theme' | 'title' | 'docNumber'>;

/** Which file goes on which screen, at what size: the 使用说明.txt of a pack. */
export function packReadme(campaign: PackCampaign, audience: Audience, assets: readonly { readonly profile: string; readonly format?: string }[]): string {
  const lines = [
    `${campaign.year}年${campaign.editionName}“质量月”宣传物料（${AUDIENCE_LABELS[audience]}）`,
    campaign.sample ? '【示例数据，非官方内容，请勿发布】' : '',
    `活动主题：${campaign.theme}`,
    `来源：${campaign.title}${campaign.docNumber ? `（${campaign.docNumber}）` : ''}`,
    '',
    '使用说明',
    '- 每个文件夹对应一种屏幕或印刷品，文件尺寸与该屏幕的像素完全一致，请直接投放，不要缩放或裁切。',
    '- theme 为活动主题海报，slogan-NN 为第 NN 条口号。',
  ];
  for (const profile of PROFILES.filter((p) => p.audience === audience)) {
    const mine = assets.filter((a) => a.profile === profile.id);
    if (mine.length === 0) continue;
    lines.push('', `${profile.id}/ —— ${profile.label}，${profile.width}×${profile.height} 像素`);
    if (profile.layout === 'led') {
      lines.push(
        '  LED 屏：*-pN 为按屏幕尺寸分好的页面（按顺序翻页播放）；*-strip 为一行长图（用于滚动播放）。',
        '  .bmp 为控制卡可直接导入的索引色位图，.png 内容相同。',
      );
      if (mine.some((a) => a.format === 'gif')) {
        const cell = profile.height;
        lines.push(
          `  *-strip.gif 为做好的滚动动画：${profile.width}×${profile.height}，从右向左每秒移动 ${scrollDotsPerSecond(cell)} 点，每满一屏停 ${PAGE_PAUSE_MS / 1000} 秒，循环播放。`,
          '  导入控制卡：软件能播放 GIF 动画时，导入 *-strip.gif；只能导入图片时，导入 *-pN.bmp（按顺序翻页），或导入 *-strip.bmp 并在软件里设为“连续左移”。',
        );
      }
    }
    if (profile.dpi) {
      const pdf = mine.some((a) => a.format === 'pdf');
      lines.push(`  打印：${profile.dpi} dpi${profile.bleedMm ? `，含 ${profile.bleedMm} mm 出血的 PNG，用于屏幕预览和打样；送印刷厂请用 ${profile.id.replace(/-bleed$/, '')}/ 里的 .pdf` : '，PNG 按原尺寸打印，不要“适合页面”缩放'}。`);
      if (pdf && profile.trimMm) {
        lines.push(
          `  送印刷厂：请交 .pdf 文件。矢量文字，CMYK 四色，成品尺寸（裁切框 TrimBox）${profile.trimMm[0]}×${profile.trimMm[1]} mm，每边 ${BLEED_MM} mm 出血（出血框 BleedBox）。`,
          '  PDF 的颜色是推荐的印刷值，不同印刷厂效果会有差别，大批量印刷前请先打样确认颜色。',
        );
      }
    }
    if (profile.qr) lines.push('  分享卡：二维码指向微网站上对应口号的页面。');
    lines.push(`  共 ${mine.length} 个文件。观看距离约 ${profile.viewingDistanceM} 米，最小字高 ${profile.minCharPx} 像素。`);
  }
  return `${lines.filter((l, i) => l !== '' || i > 1).join('\r\n')}\r\n`;
}
