// Normalises the mess that copying a notice out of a web page, Word file or PDF leaves behind.
// Works line by line and keeps line structure; paragraphs are rebuilt later (sections.ts).

import { HAN } from './chinese.ts';

export interface CleanedNotice {
  /** Trimmed lines; '' for blank lines. */
  lines: string[];
  /** The text stopped at a preview trailer (“预览已结束…”): whatever came after it is missing. */
  truncated: boolean;
}

/** Trailers of document-preview sites; the notice text ends where one starts, everything after is the site's. */
const TRAILER = /预览已结束|完整报告链接和二维码|(?:扫码|点击)(?:阅读|查看)(?:全文|完整)/;

/** Word/pandoc bookmark anchors such as "[bookmark: _GoBack]" (bounded: an unclosed one must not scan the rest of the line each time). */
const BOOKMARK = /\[bookmark:[^\]\n]{0,200}\]/gi;

/** Characters that are never content: zero-width marks, bidi controls, soft hyphen, C0/C1 controls (except \n). */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u061c\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Every kind of space (NBSP, ideographic space U+3000, tabs, …) becomes an ASCII space. */
const SPACES = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;

/** A page number left by PDF extraction: "- 3 -", "—3—", "－ 12 －". */
const PAGE_NUMBER = /^[-—–－]+\s*\d{1,3}\s*[-—–－]+$/;

const han = (source: string) => new RegExp(source, 'gu');

// Half-width punctuation typed or converted inside Chinese text → the full-width form the notice means.
const HALF_WIDTH: [RegExp, string][] = [
  // A stray English "and" between Chinese words, left by a translation or OCR step: "思想 and 党的" → "思想和党的".
  [han(`(?<=[${HAN}])\\s*\\band\\b\\s*(?=[${HAN}])`), '和'],
  [han(`\\((?=[${HAN}“《])`), '（'],
  [han(`(?<=[${HAN}”》])\\)`), '）'],
  [han(`(?<=[${HAN}”》）])\\s*,\\s*`), '，'],
  [han(`(?<=[${HAN}”》）])\\s*;\\s*`), '；'],
  [han(`(?<=[${HAN}])\\s*:\\s*`), '：'],
  [han(`(?<=[${HAN}])\\?`), '？'],
  [han(`(?<=[${HAN}])!`), '！'],
  [han(`(?<=[${HAN}”》）])\\.(?=[${HAN}“《\\s]|$)`), '。'],
];

/** Item markers at the start of a line: "(三) ", "（ 三 ）", "(3)" → "（三）", "（3）". */
const MARKER = /^[(（]\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）]\s*/;

/** Straight double quotes in a line of Chinese text → “ and ”, alternating. */
function curlyQuotes(line: string): string {
  if (!line.includes('"') || !new RegExp(HAN, 'u').test(line)) return line;
  let open = true;
  // (?<!\s): start only where a run of spaces starts; tried inside a long run, \s*" is quadratic.
  return line.replace(/(?<!\s)\s*"\s*/g, () => {
    const q = open ? '“' : '”';
    open = !open;
    return q;
  });
}

/**
 * The chrome of a news or portal page copied along with a notice: navigation (首页 > 新闻 > 正文), share and print
 * tools, page counters, ads, the site's name on a line of its own, copyright and ICP lines. Each pattern is
 * anchored and bounded, so a line is tested in linear time. A notice's own sentences never match: they end in
 * punctuation or are far longer.
 */
const SITE_CHROME = [
  // Breadcrumbs: "首页 > 新闻中心 > 正文", "当前位置：首页 > …".
  /^(?:首页|主页|网站首页|当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[>＞»›:：]/u,
  /^[^>＞»›。，；]{1,20}(?:\s*[>＞»›]\s*[^>＞»›。，；]{1,20}){2,8}$/u,
  // Page tools and counters.
  /^[【[]?(?:分享到|分享至|打印本页|打印|关闭窗口|关闭|收藏本页|收藏|返回顶部|字号|字体|扫一扫|纠错|上一篇|下一篇|责任编辑|编辑|点击量|点击数|浏览次数|阅读量|阅读次数|相关新闻|相关阅读|相关链接|相关文章|推荐阅读|热点推荐)[】\]]?(?:[：:\s【[].{0,60})?$/u,
  // Ads.
  /^(?:[【[(（](?:广告|推广|赞助|AD)[】\])）].{0,60}|(?:广告|推广|赞助商?链接)(?:[：:\s].{0,60})?)$/u,
  // Site footers.
  /(?:版权所有|ICP备|ICP证|公网安备|网站标识码|Copyright|©)/iu,
  // The site's name on a line of its own: 中国质量新闻网, 人民网, 新华网客户端 (not 国家电网, 互联网).
  new RegExp(`^(?![${HAN}]{0,16}(?:电网|互联网)$)[${HAN}A-Za-z0-9·]{1,16}(?:网|网站|频道|客户端|官网|官方网站|门户网站|APP|App)$`, 'u'),
];

/** Whether a line is a web page's chrome rather than part of the notice (see SITE_CHROME). */
export function isSiteChrome(line: string): boolean {
  return line.length <= 120 && SITE_CHROME.some((re) => re.test(line));
}

export function cleanLine(raw: string): string {
  let line = raw.replace(BOOKMARK, '').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  if (PAGE_NUMBER.test(line) || isSiteChrome(line)) return '';
  // Marks left by a Markdown conversion: a bullet ("- 附件：…"), a heading "# ", bold "**…**".
  line = line.replace(new RegExp(`^(?:[-•·]|#{1,6})\\s+(?=[${HAN}（(\\d])`, 'u'), '').replace(/\*\*/g, '').trim();
  line = curlyQuotes(line);
  for (const [pattern, replacement] of HALF_WIDTH) line = line.replace(pattern, replacement);
  line = line.replace(MARKER, '（$1）');
  return line;
}

/** Cleans a whole notice: cuts preview trailers, cleans every line, drops page numbers. */
export function cleanNotice(raw: string): CleanedNotice {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC');
  const lines: string[] = [];
  let truncated = false;
  for (const rawLine of text.split('\n')) {
    if (TRAILER.test(rawLine)) {
      truncated = true;
      break;
    }
    lines.push(cleanLine(rawLine));
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { lines, truncated };
}

/** Collapses every run of spaces to one (for a theme or a name list line). */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
