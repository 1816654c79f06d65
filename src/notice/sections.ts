// Splits a cleaned notice into its header (metadata, title, salutation, introduction), its numbered
// sections (活动主题, 活动内容, 重点安排, 活动要求 …) and its closing part (contacts, attachments, signature, date).

import { DATE_LINE, sentenceEnd } from './chinese.ts';
import { isMultiNameLine, looksLikeDepartment, splitNameLine } from './organizers.ts';

export type SectionKind = 'theme' | 'focusAreas' | 'keyEvents' | 'requirements' | 'other';

export interface NoticeSection {
  kind: SectionKind;
  /** The heading's words, without its number ("活动主题"). */
  heading: string;
  /** Paragraphs with hard wraps repaired. */
  paragraphs: string[];
}

export interface NoticeLayout {
  /** Lines before the first section heading. */
  header: string[];
  sections: NoticeSection[];
  /** Lines from the first closing line (contacts, attachments, signature, date) on. */
  tail: string[];
}

/** Section names that may stand alone on a line as a heading. */
const KNOWN_HEADINGS = [
  '活动主题', '主题', '活动内容', '活动重点', '主要内容', '重点内容', '重点任务', '主要任务', '工作重点',
  '重点安排', '重点活动', '主要活动', '活动安排', '活动要求', '工作要求', '有关要求', '组织实施', '保障措施',
];

export function classifyHeading(heading: string): SectionKind {
  if (/主题/.test(heading) && !/主题活动/.test(heading)) return 'theme';
  if (/重点安排|重点活动|主要活动|活动安排|系列活动|主题活动/.test(heading)) return 'keyEvents';
  if (/活动内容|活动重点|主要内容|重点内容|重点任务|主要任务|工作重点|工作内容/.test(heading)) return 'focusAreas';
  if (/要求|组织实施|保障措施|组织保障|工作保障/.test(heading)) return 'requirements';
  return 'other';
}

/** A short line of words with no sentence punctuation: the words of a heading. */
function isHeadingName(text: string): boolean {
  const length = [...text].length;
  return length >= 2 && length <= 16 && !/[，。；！？,;.!?“”"]/.test(text) && !/^\d/.test(text);
}

function isKnownHeading(text: string): boolean {
  return KNOWN_HEADINGS.includes(text.replace(/^【(.*)】$/, '$1').replace(/[：:]$/, ''));
}

export interface HeadingMatch {
  heading: string;
  /** Text after "：" on the heading line ("一、活动主题：质量强国"), if any. */
  inline?: string;
  /** Index of the heading's last line (a number may stand on the line before its words). */
  last: number;
}

/** Splits "活动主题：推动…" into the heading and its inline content. */
function headingWords(rest: string, last: number, requireKnown: boolean): HeadingMatch | undefined {
  const colon = rest.search(/[：:]/);
  const words = (colon >= 0 ? rest.slice(0, colon) : rest).replace(/^【(.*)】$/, '$1').replace(/[。．]$/, '').trim();
  const inline = colon >= 0 ? rest.slice(colon + 1).trim() : '';
  if (!isHeadingName(words)) return undefined;
  if (requireKnown && !isKnownHeading(words)) return undefined;
  return { heading: words, ...(inline ? { inline } : {}), last };
}

/** The section heading starting at line i, if there is one. */
export function headingAt(lines: readonly string[], i: number): HeadingMatch | undefined {
  const line = lines[i] ?? '';
  // 一、活动主题 / 一．活动主题 / 第一部分 活动主题
  let m = /^(?:第)?[一二三四五六七八九十]{1,3}(?:[、.．]|部分|章)\s*(.+)$/.exec(line);
  if (m) return headingWords(m[1]!, i, false);
  // 01 on its own line, the heading's words on the next non-blank line
  if (/^\d{1,2}[.、．]?$/.test(line)) {
    let j = i + 1;
    while (j < lines.length && lines[j] === '') j++;
    const next = lines[j];
    return next !== undefined ? headingWords(next, j, false) : undefined;
  }
  // 01 活动主题 / 01 / 活动主题 / 1. 活动主题 (the last only for a known section name: "1. 加强组织" is an item)
  m = /^(0)?\d{1,2}\s*([\/／|]|[、.．])?\s*(\D.*)$/.exec(line);
  if (m) return headingWords(m[3]!, i, !(m[1] || m[2] === '/' || m[2] === '／' || m[2] === '|'));
  // 活动主题 (a known section name alone on its line)
  if (isKnownHeading(line)) return headingWords(line, i, true);
  return undefined;
}

/** Item markers: （一） （1） 1. 1、 一是. */
export const ITEM_MARKER = /^(?:（([一二三四五六七八九十]{1,3})）|（(\d{1,2})）|(\d{1,2})[.、．](?!\d)|([一二三四五六七八九十]{1,3})是(?=[^，。]))\s*/;

/** Lines that begin the closing part of a notice. */
const CLOSING = [
  /^附\s*件\s*(?:[：:]|[\d一二三四五六七八九十]{1,2}\s*(?:[：:.．、\s]|$))/,
  /^[（(]?\s*联\s*系\s*(?:人|电\s*话|方\s*式)\s*[：:]/,
  /^(?:电\s*话|传\s*真|邮\s*箱|电子邮箱|地\s*址|邮\s*编)\s*[：:]/,
  /^[（(]\s*此\s*件/,
  /^抄\s*[送报]\s*[：:]/,
  /印\s*发$/,
];

/**
 * Whether line i begins the closing part: contacts, attachments, a date, a line of several department
 * names, or a single department-shaped name followed by another name or by the date (a signature).
 */
export function isClosingLine(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (CLOSING.some((re) => re.test(line)) || DATE_LINE.test(line) || isMultiNameLine(line)) return true;
  const name = splitNameLine(line);
  if (!name || name.names.length !== 1 || !looksLikeDepartment(name.names[0]!)) return false;
  // The next non-blank line (an index walk: slicing the rest of the lines for each line was quadratic).
  let j = i + 1;
  while (j < lines.length && lines[j] === '') j++;
  const next = lines[j];
  return next !== undefined && (DATE_LINE.test(next) || splitNameLine(next) !== undefined);
}

/** A paragraph being rebuilt: its lines (joined at the end), its length, and whether it ends a sentence. */
interface OpenParagraph {
  parts: string[];
  length: number;
  ends: boolean;
}

/** A paragraph that is only an item's marked title ("（一）举办颁奖仪式"), with its text in the next paragraph. */
function isTitleOnlyItem(paragraph: OpenParagraph): boolean {
  // Over 80 UTF-16 units is over 40 characters: a long paragraph is not joined and counted again for each line.
  if (!ITEM_MARKER.test(paragraph.parts[0]!) || paragraph.length > 80) return false;
  const text = paragraph.parts.join('');
  return [...text].length <= 40 && !/[。！？；]/.test(text);
}

/**
 * Rebuilds paragraphs from lines: a line continues the previous paragraph when that paragraph does not
 * end a sentence (PDF extraction breaks lines, even across a blank line, mid-sentence), unless the line
 * starts a new item or the previous paragraph is a marked item title.
 *
 * A paragraph is kept as its lines until it is complete: appending to a string and then reading its end for
 * each of thousands of lines was quadratic (the engine flattens the joined string at each read).
 */
export function buildParagraphs(lines: readonly string[]): string[] {
  const paragraphs: OpenParagraph[] = [];
  for (const line of lines) {
    if (line === '') continue;
    const prev = paragraphs[paragraphs.length - 1];
    if (prev !== undefined && !prev.ends && !ITEM_MARKER.test(line) && !isTitleOnlyItem(prev)) {
      const space = /[A-Za-z0-9]$/.test(prev.parts[prev.parts.length - 1]!) && /^[A-Za-z0-9]/.test(line) ? ' ' : '';
      prev.parts.push(space + line);
      prev.length += space.length + line.length;
      // Closing quotes or brackets alone on a line leave the paragraph's end as it was.
      const end = sentenceEnd(line);
      if (end !== 'none') prev.ends = end === 'final';
    } else paragraphs.push({ parts: [line], length: line.length, ends: sentenceEnd(line) === 'final' });
  }
  return paragraphs.map((p) => p.parts.join(''));
}

/** Finds the header, the sections and the closing part of a cleaned notice. */
export function layoutNotice(lines: readonly string[]): NoticeLayout {
  let first = -1;
  for (let i = 0; i < lines.length && first < 0; i++) if (headingAt(lines, i)) first = i;
  if (first < 0) {
    const tailStart = lines.findIndex((_, i) => isClosingLine(lines, i));
    const end = tailStart < 0 ? lines.length : tailStart;
    return { header: lines.slice(0, end), sections: [], tail: lines.slice(end) };
  }
  // The closing part starts at the first closing line after the theme (a two-phrase theme can look like names).
  let tailStart = lines.length;
  let inTheme = false;
  for (let i = first; i < lines.length; i++) {
    const heading = headingAt(lines, i);
    if (heading) {
      inTheme = classifyHeading(heading.heading) === 'theme';
      i = heading.last;
    } else if (!inTheme && isClosingLine(lines, i)) {
      tailStart = i;
      break;
    }
  }
  const sections: NoticeSection[] = [];
  let current: { heading: HeadingMatch; body: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const { heading, body } = current;
    const kind = classifyHeading(heading.heading);
    const paragraphs = kind === 'theme' ? themeParagraphs(body) : buildParagraphs(body);
    sections.push({ kind, heading: heading.heading, paragraphs: heading.inline ? [heading.inline, ...paragraphs] : paragraphs });
  };
  for (let i = first; i < tailStart; i++) {
    const heading = headingAt(lines, i);
    if (heading) {
      flush();
      current = { heading, body: [] };
      i = heading.last;
    } else current?.body.push(lines[i] ?? '');
  }
  flush();
  return { header: lines.slice(0, first), sections, tail: lines.slice(tailStart) };
}

/** A theme may be broken over two short lines, one half each: those halves are joined by a space. */
function themeParagraphs(body: readonly string[]): string[] {
  const lines = body.filter((l) => l !== '');
  if (lines.length >= 2 && lines.every((l) => [...l].length <= 20 && !/[，。；：]/.test(l))) return [lines.join(' ')];
  return buildParagraphs(body);
}
