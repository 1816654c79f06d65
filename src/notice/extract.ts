// Fields found in a notice's header and closing part: web-page metadata, title, year, document number,
// date, issuer, stated number of departments, and the theme.

import { DATE_ANYWHERE, DATE_LINE, HAN, isoDate, parseNumber, removeCjkSpaces } from './chinese.ts';
import { collapseSpaces } from './clean-text.ts';
import { buildParagraphs, type NoticeSection } from './sections.ts';

/** Labels of the metadata table a government web page shows above a notice (spaces inside removed). */
const METADATA_LABELS = new Set([
  '标题', '名称', '索引号', '主题分类', '分类', '文号', '发文字号', '所属机构', '发布机构', '发文机关', '成文日期',
  '发布日期', '生效日期', '来源', '公文种类', '主题词', '有效性', '原文链接', '原文地址', '本文链接', '本文地址', '网址', '链接',
]);

/** The metadata table as label → value; its lines are not part of the notice. */
export function readMetadata(header: readonly string[]): { fields: Map<string, string>; lines: Set<number> } {
  const fields = new Map<string, string>();
  const lines = new Set<number>();
  header.forEach((line, i) => {
    const m = new RegExp(`^((?:[${HAN}]\\s*){2,5})[：:]\\s*(.*)$`, 'u').exec(line);
    if (!m) return;
    const label = m[1]!.replace(/\s+/g, '');
    if (!METADATA_LABELS.has(label)) return;
    lines.add(i);
    if (m[2] && !fields.has(label)) fields.set(label, m[2].trim());
  });
  return { fields, lines };
}

/** A document number such as 国市监质〔2020〕133号, with any bracket style normalised to 〔〕. */
const DOC_NUMBER = new RegExp(`([${HAN}]{1,15})\\s*[〔［\\[【（(]\\s*(\\d{4})\\s*[〕］\\]】）)]\\s*(\\d{1,4})\\s*号`, 'u');

function docNumberIn(text: string): string | undefined {
  const m = DOC_NUMBER.exec(text);
  return m ? `${m[1]}〔${m[2]}〕${m[3]}号` : undefined;
}

/**
 * The (doc number) a title line may carry at its end; trim what is left. (No leading \s*: tried at every
 * position of a long run of spaces, it made the search quadratic.)
 */
const TRAILING_DOC_NUMBER = /[（(][^（）()]*〔\d{4}〕[^（）()]*[)）]\s*$/;

const withoutDocNumber = (text: string) => text.replace(TRAILING_DOC_NUMBER, '').trimEnd();

/** Whether a title ends here: “质量月” and then, at the very end, “通知” (a string search, not /质量月.*通知$/, which is quadratic on a line with “质量月” many times). */
function isTitleEnd(text: string): boolean {
  const title = withoutDocNumber(text);
  const at = title.indexOf('质量月');
  return at >= 0 && title.endsWith('通知') && at + '质量月'.length <= title.length - '通知'.length;
}

export interface TitleInfo {
  title: string;
  /** Index of the title's last line in the header. */
  line: number;
}

/**
 * A news page's headline about the notice rather than the notice's own title: it quotes the title in 《》
 * ("市场监管总局等21个部门共同发布《关于开展2022年全国“质量月”活动的通知》") or ends in the site's name
 * ("…活动的通知-中国质量新闻网", "…_人民网"). Both tests are single scans.
 */
export function isHeadline(line: string): boolean {
  const open = line.indexOf('《');
  if (open >= 0 && line.indexOf('质量月', open) >= 0 && line.indexOf('》', open) > line.indexOf('质量月', open)) return true;
  return new RegExp(`[-_|｜－—–]\\s*[${HAN}A-Za-z0-9.·]{2,20}(?:网|网站|频道|客户端|官网|门户)$`, 'u').test(line);
}

/** The notice's title as it states it: the metadata 标题, else the title line(s) of the notice itself. */
export function findTitle(header: readonly string[], metadata: Map<string, string>, skip: Set<number>): TitleInfo | undefined {
  const fromMetadata = metadata.get('标题') ?? metadata.get('名称');
  let found: TitleInfo | undefined;
  for (let i = 0; i < header.length && !found; i++) {
    const line = header[i]!;
    if (skip.has(i) || !/质量月/.test(line) || isHeadline(line)) continue;
    let title = line;
    let last = i;
    // A title broken before its end: "关于开展2022年天津市“质量月”" / "活动的通知".
    for (let j = i + 1; !isTitleEnd(title) && j < header.length && j <= i + 3; j++) {
      if (header[j] === '') continue;
      // Not a sentence, not a long line, and not a title of its own (a headline's tail never joins the title after it).
      if (/[。：，]/.test(header[j]!) || [...header[j]!].length > 30 || header[j]!.includes('关于')) break;
      title += header[j];
      last = j;
    }
    if (!isTitleEnd(title)) continue;
    // A title broken after "关于开展": "市质量工作领导小组办公室关于开展" / "2022年天津市“质量月”活动的通知".
    if (!title.includes('关于')) {
      for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
        const prev = header[j]!;
        if (prev === '') continue;
        if (!skip.has(j) && /关于/.test(prev) && !/[。：，〔]/.test(prev)) title = prev + title;
        break;
      }
    }
    found = { title: removeCjkSpaces(withoutDocNumber(title)), line: last };
  }
  if (fromMetadata) return { title: removeCjkSpaces(fromMetadata), line: found?.line ?? -1 };
  return found;
}

export function findYear(title: string | undefined, body: string): number | undefined {
  const inTitle = title ? /(\d{4})\s*年/.exec(title) : null;
  if (inTitle) return Number(inTitle[1]);
  const inBody = /(\d{4})\s*年\s*(?:全国|[^\s“”]{0,8})?[“"]?质量月/.exec(body);
  return inBody ? Number(inBody[1]) : undefined;
}

/** The document number: metadata 文号, else the first one in the header (its own line, or after the title). */
export function findDocNumber(header: readonly string[], metadata: Map<string, string>): string | undefined {
  const fromMetadata = metadata.get('文号') ?? metadata.get('发文字号');
  if (fromMetadata) return docNumberIn(fromMetadata);
  for (const line of header) {
    const found = docNumberIn(line);
    if (found && (new RegExp(`^${DOC_NUMBER.source}$`, 'u').test(line) || TRAILING_DOC_NUMBER.test(line))) return found;
  }
  return undefined;
}

/** The date the notice was signed: the date line of its closing part, else metadata 成文日期. */
export function findSignedOn(tail: readonly string[], metadata: Map<string, string>, warnings: string[]): string | undefined {
  let fromLine: string | undefined;
  for (const line of tail) {
    const m = DATE_LINE.exec(line);
    if (m) {
      fromLine = isoDate(m);
      if (!fromLine) warnings.push(`落款日期「${line}」不是有效日期，已忽略`);
      break;
    }
  }
  const written = metadata.get('成文日期');
  const m = written ? DATE_ANYWHERE.exec(written) ?? /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(written) : null;
  const fromMetadata = m ? isoDate(m) : undefined;
  if (fromLine && fromMetadata && fromLine !== fromMetadata) {
    warnings.push(`落款日期 ${fromLine} 与网页“成文日期” ${fromMetadata} 不一致，已采用落款日期，请核对`);
  }
  return fromLine ?? fromMetadata;
}

/** "市场监管总局等27个部门" in the title or introduction: the issuer and the number of departments. */
export function findJointIssuer(texts: readonly string[]): { issuer: string; total: number } | undefined {
  const re = new RegExp(`([${HAN}]{2,30})等\\s*(\\d+|[一二三四五六七八九十百]+)\\s*(个?)\\s*(部门|单位)`, 'u');
  for (const text of texts) {
    const m = re.exec(text);
    if (!m) continue;
    // The name runs back to the previous punctuation; words that lead into it in the same clause are dropped.
    const name = m[1]!.replace(/^.*(?:由|决定|经研究)/u, '');
    const total = parseNumber(m[2]!);
    if (total !== undefined && name.length >= 2) return { issuer: `${name}等${m[2]}${m[3]}${m[4]}`, total };
  }
  return undefined;
}

/** A sending office named in a letterhead ("天津市质量工作领导小组办公室文件") or a 印发 line. */
export function findSingleIssuer(header: readonly string[], tail: readonly string[], metadata: Map<string, string>): string | undefined {
  const fromMetadata = metadata.get('发文机关');
  if (fromMetadata) return collapseSpaces(fromMetadata);
  const letterhead = header.find((l) => l !== '' && !isHeadline(l));
  const lm = letterhead ? new RegExp(`^([${HAN}]{4,40})文件$`, 'u').exec(letterhead.replace(/\s+/g, '')) : null;
  if (lm) return lm[1];
  for (let i = 0; i < tail.length; i++) {
    const line = tail[i]!.replace(/\s+/g, '');
    const inline = new RegExp(`^([${HAN}]{4,40}?)\\d{4}年\\d{1,2}月\\d{1,2}日印发$`, 'u').exec(line);
    if (inline) return inline[1];
    if (/^\d{4}年\d{1,2}月\d{1,2}日印发$/.test(line)) {
      const prev = tail.slice(0, i).reverse().find((l) => l !== '');
      if (prev && new RegExp(`^[${HAN}]{4,40}$`, 'u').test(prev.replace(/\s+/g, ''))) return prev.replace(/\s+/g, '');
    }
  }
  return undefined;
}

/** The region a local notice names in its title: "2022年天津市“质量月”" → 天津市. */
export function regionInTitle(title: string): string | undefined {
  const m = new RegExp(`\\d{4}年([${HAN}]{2,20}?)[“"「]?质量月`, 'u').exec(title);
  return m?.[1];
}

export function isNational(title: string): boolean {
  return /全国[“"「]?质量月/.test(title);
}

/** The theme: inside the quotes of "主题是：“…”", else the theme section's first paragraph. */
export function findTheme(sections: readonly NoticeSection[], bodyText: string): { theme?: string; problem?: string } {
  // One \s* before the colon and one after it, never two in a row (quadratic on a run of spaces); a quotation
  // of at most 1000 characters (an unclosed quotation after each of many “主题是” made the search quadratic).
  const quoted = (text: string) => /主题(?:是|为)\s*(?:[：:]\s*)?[“"「『]([^”"」』]{1,1000})[”"」』]/.exec(text)?.[1];
  const section = sections.find((s) => s.kind === 'theme');
  const first = section?.paragraphs[0];
  let theme: string | undefined;
  if (first !== undefined) {
    theme = quoted(first) ?? first.replace(/^[“"「『]([^”"」』]+)[”"」』]。?$/, '$1').replace(/[。；]$/, '');
  } else {
    theme = quoted(bodyText);
  }
  if (theme === undefined) {
    return { problem: section ? '“活动主题”一节是空的' : '没有找到“活动主题”一节，也没有“主题是：“…””这样的句子' };
  }
  theme = collapseSpaces(theme);
  if ([...theme].length > 40) {
    return { problem: `“活动主题”一节的第一段有 ${[...theme].length} 字，不像主题：「${[...theme].slice(0, 30).join('')}…」` };
  }
  return { theme };
}

/** The introduction's paragraphs (after the title and salutation), with hard wraps repaired. */
export function introParagraphs(header: readonly string[], skip: Set<number>): string[] {
  return buildParagraphs(header.map((l, i) => (skip.has(i) ? '' : l)));
}
