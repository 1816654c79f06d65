// importNotice: the text of a “质量月” notice → the campaign data it states, plus warnings for a reviewer.
// Pure: no disk access. Never invents content: a field the notice lacks is left out, a field that cannot be
// read is a warning, and a notice without a year or a theme is refused.

import path from 'node:path';
import { ImportNoticeError } from '../errors.ts';
import { LIMITS, SLUG, SLUG_HINT, SLUG_MAX } from '../campaign/schema.ts';
import { shown } from '../campaign/text.ts';
import { DATE_LINE } from './chinese.ts';
import { cleanNotice } from './clean-text.ts';
import {
  findDocNumber, findJointIssuer, findSignedOn, findSingleIssuer, findTheme, findTitle, findYear, introParagraphs,
  isNational, readMetadata, regionInTitle,
} from './extract.ts';
import { parseItems, splitClosing, type NoticeItem } from './items.ts';
import { findOrganizerBlock } from './organizers.ts';
import { layoutNotice, type SectionKind } from './sections.ts';

export interface ImportOptions {
  /** Edition slug; required unless the title says 全国 (then `national`). */
  edition?: string;
  /** Slogans, usually from the notice's attachment; when absent the list is empty and a warning says so. */
  slogans?: string[];
  /** The notice's file name, as recorded in `source.file` (only its base name is kept). */
  sourceFile: string;
}

/** A campaign as read from a notice: the shape of a campaign YAML file, with the fields the notice lacks left out. */
export interface ImportedCampaign {
  /** Never set by the importer (a notice does not say it); kept so the maker's YAML writes the same keys. */
  province?: string;
  year: number;
  edition: string;
  editionName?: string;
  title?: string;
  docNumber?: string;
  signedOn?: string;
  issuer?: string;
  theme: string;
  slogans: string[];
  focusAreas: NoticeItem[];
  keyEvents: NoticeItem[];
  requirements: NoticeItem[];
  /** The unnumbered paragraph(s) after the last numbered item of the notice's last section. */
  closing?: string;
  organizers?: string[];
  organizersTotal?: number;
  source: { file: string; url?: string };
  sample: false;
}

export interface ImportResult {
  campaign: ImportedCampaign;
  warnings: string[];
}

const SECTION_LABEL: Record<Exclude<SectionKind, 'theme' | 'other'>, string> = {
  focusAreas: '活动内容',
  keyEvents: '重点活动',
  requirements: '活动要求',
};

const URL_LABELS = ['原文链接', '原文地址', '本文链接', '本文地址', '网址', '链接'];

function fail(file: string, missing: string, why: string, fix: string): never {
  throw new ImportNoticeError(`${shown(file, 80)}：无法导入，找不到${missing}：${why}。\n处理办法：${fix}`);
}

export function importNotice(text: string, opts: ImportOptions): ImportResult {
  const file = path.basename(opts.sourceFile.replace(/\\/g, '/'));
  const warnings: string[] = [];
  const { lines, truncated } = cleanNotice(text);
  const layout = layoutNotice(lines);
  const { fields: metadata, lines: metadataLines } = readMetadata(layout.header);

  const titleInfo = findTitle(layout.header, metadata, metadataLines);
  const title = titleInfo?.title;
  if (!title) warnings.push('没有找到通知标题（应为“关于开展…“质量月”活动的通知”），title 已省略，请手工填写');

  const year = findYear(title, lines.join('\n'));
  if (year === undefined) {
    fail(file, '活动年份', '标题中没有“XXXX年”，正文中也没有“XXXX年…“质量月””', '确认这是“质量月”活动通知的完整正文（含标题），或在文件开头补上通知标题后重试');
  }

  const bodyText = layout.sections.flatMap((s) => s.paragraphs).join('\n') || lines.join('\n');
  const { theme, problem } = findTheme(layout.sections, bodyText);
  if (!theme) {
    fail(file, '活动主题', problem ?? '未知原因', '确认文件中有“一、活动主题”（或“01 活动主题”）一节且主题写在其后第一行；否则请参照 data/campaigns/ 中的示例手工编写 YAML');
  }

  // Edition and its display name.
  const national = title ? isNational(title) : false;
  let edition = opts.edition;
  if (edition !== undefined && !SLUG.test(edition)) {
    throw new ImportNoticeError(`--edition「${shown(edition, 40)}」不是有效的版本标识：${SLUG_HINT}`);
  }
  // The loader allows at most SLUG_MAX characters: an import it would refuse is refused here.
  if (edition !== undefined && edition.length > SLUG_MAX) {
    throw new ImportNoticeError(`--edition「${shown(edition, 40)}」过长（${edition.length} 个字符）：版本标识最多 ${SLUG_MAX} 个字符`);
  }
  if (edition === undefined) {
    if (!national) {
      fail(file, '版本标识', '这不是全国通知（标题中没有“全国“质量月””），无法确定版本', '用 --edition <版本> 指定，如 --edition tianjin');
    }
    edition = 'national';
  } else if (national && edition !== 'national') {
    warnings.push(`标题表明这是全国通知，但 --edition 为 ${edition}，请确认`);
  }
  let editionName: string | undefined;
  if (national) editionName = '全国';
  else {
    const region = title ? regionInTitle(title) : undefined;
    if (region && !/^全(?:省|市|区|县|州|盟)$/.test(region)) editionName = region;
    else warnings.push(`无法从标题中读出地区名称${region ? `（标题写的是“${region}”）` : ''}，editionName 已省略，请手工填写（如 天津市）`);
  }

  // Document number and date.
  const docNumber = findDocNumber(layout.header, metadata);
  const docYear = docNumber ? /〔(\d{4})〕/.exec(docNumber)?.[1] : undefined;
  if (docYear && Number(docYear) !== year) warnings.push(`文号 ${docNumber} 的年份与活动年份 ${year} 不同，请核对`);
  const signedOn = findSignedOn(layout.tail, metadata, warnings);
  if (!signedOn) {
    warnings.push(truncated ? '文本被截断，没有找到落款日期，网页信息中也没有“成文日期”，signedOn 已省略' : '没有找到落款日期（通知末尾的“XXXX年X月X日”），signedOn 已省略');
  } else if (Number(signedOn.slice(0, 4)) !== year) {
    warnings.push(`落款日期 ${signedOn} 与活动年份 ${year} 不在同一年，请核对`);
  }

  // Issuer and the stated number of departments.
  const skip = new Set(metadataLines);
  for (let i = 0; i <= (titleInfo?.line ?? -1); i++) skip.add(i);
  const intro = introParagraphs(layout.header, skip);
  const joint = findJointIssuer([...(title ? [title] : []), ...intro]);
  const issuer = joint?.issuer ?? findSingleIssuer(layout.header, layout.tail, metadata);
  if (!issuer) warnings.push('没有找到发文单位（如“市场监管总局等27个部门”、文头“××文件”或落款），issuer 已省略，请手工填写');

  // Sections.
  const items: Record<keyof typeof SECTION_LABEL, NoticeItem[]> = { focusAreas: [], keyEvents: [], requirements: [] };
  let closingParts: string[] = [];
  for (const [index, section] of layout.sections.entries()) {
    if (section.kind === 'theme') continue;
    if (section.kind === 'other') {
      if (section.paragraphs.length) warnings.push(`未识别的章节「${section.heading}」（${section.paragraphs.length} 段），其内容没有导入，请确认是否需要`);
      continue;
    }
    // The notice's last section may end with a closing paragraph that has no number: it is not an item.
    let paragraphs = section.paragraphs;
    if (index === layout.sections.length - 1) {
      const split = splitClosing(paragraphs);
      paragraphs = split.items;
      closingParts = split.closing;
    }
    // Not push(...): a section of 100,000+ items overflows the call stack.
    for (const item of parseItems(paragraphs, `“${section.heading}”`, warnings)) items[section.kind].push(item);
  }
  const closing = closingParts.join('');
  if ([...closing].length > LIMITS.detail.max) warnings.push(`通知末尾的结束段落超过 ${LIMITS.detail.max} 字，请拆分或删减 closing`);
  if (items.focusAreas.length === 0) warnings.push('没有找到“活动内容”或“活动重点”一节，focusAreas 为空');
  if (items.requirements.length === 0) warnings.push('没有找到“活动要求”或“工作要求”一节，requirements 为空');

  // Co-organisers.
  const block = findOrganizerBlock(layout.tail);
  let organizers: string[] | undefined;
  let organizersTotal: number | undefined;
  if (block) {
    organizers = block.names;
    warnings.push(...block.warnings);
  }
  if (joint) {
    organizersTotal = joint.total;
    const listed = organizers?.length ?? 0;
    if (listed < joint.total) {
      warnings.push(
        truncated
          ? `部门名单不完整：通知称共 ${joint.total} 个部门，但文本在“预览已结束”处被截断，只列出 ${listed} 个。请对照通知原文补全 organizers`
          : `部门名单不完整：通知称共 ${joint.total} 个部门，落款中只找到 ${listed} 个，请对照通知原文补全 organizers`,
      );
    } else if (listed > joint.total) {
      warnings.push(`落款中找到 ${listed} 个部门，多于通知所称的 ${joint.total} 个，部门名称可能被拆错，请核对 organizers`);
    }
  }

  if (truncated) {
    const missing = [
      ...(layout.tail.some((l) => DATE_LINE.test(l)) ? [] : [signedOn ? '落款日期（signedOn 已取自网页的“成文日期”）' : '落款日期']),
      ...(joint && (organizers?.length ?? 0) < joint.total ? ['部分部门名单'] : []),
    ];
    warnings.push(
      `通知文本在“预览已结束”处被截断（该行起的网站内容已忽略），原文此后的部分不在文件中${missing.length ? `，缺少${missing.join('和')}` : '（正文和落款完整，缺的应是附件）'}`,
    );
  }

  let slogans = opts.slogans;
  if (!slogans) {
    slogans = [];
    warnings.push('没有提供口号（--slogans），slogans 为空：附件“活动口号”通常不在正文中，请从附件逐条补充，或把口号每行一条存为文本文件后用 --slogans 导入');
  }

  const url = URL_LABELS.map((l) => metadata.get(l)).find((v) => v !== undefined && /^https?:\/\/\S+$/i.test(v));

  const campaign: ImportedCampaign = {
    year,
    edition,
    ...(editionName ? { editionName } : {}),
    ...(title ? { title } : {}),
    ...(docNumber ? { docNumber } : {}),
    ...(signedOn ? { signedOn } : {}),
    ...(issuer ? { issuer } : {}),
    theme,
    slogans,
    focusAreas: items.focusAreas,
    keyEvents: items.keyEvents,
    requirements: items.requirements,
    ...(closing ? { closing } : {}),
    ...(organizers ? { organizers } : {}),
    ...(organizersTotal !== undefined ? { organizersTotal } : {}),
    source: { file, ...(url ? { url } : {}) },
    sample: false,
  };
  return { campaign, warnings };
}
