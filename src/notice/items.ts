// Turns a section's paragraphs into titled items: "（一）扎实推进《纲要》贯彻落实。深入学习…" becomes
// { title: "扎实推进《纲要》贯彻落实", detail: "深入学习…" }. No text is dropped: paragraphs without a marker
// become items of their own, and sub-items ("1." under "（一）") stay in their item's detail.

import { LIMITS } from '../campaign/schema.ts';
import { splitFirstSentence, withoutFinalStop } from './chinese.ts';
import { ITEM_MARKER } from './sections.ts';

export interface NoticeItem {
  title: string;
  detail?: string;
}

/** Which kind of marker a paragraph starts with: 0 （一）, 1 （1）, 2 1., 3 一是; undefined for none. */
function markerKind(paragraph: string): number | undefined {
  const m = ITEM_MARKER.exec(paragraph);
  if (!m) return undefined;
  return m[1] ? 0 : m[2] ? 1 : m[3] ? 2 : 3;
}

function stripMarker(paragraph: string): string {
  return paragraph.replace(ITEM_MARKER, '').trim();
}

function joinText(a: string, b: string): string {
  if (!a) return b;
  return /[\p{Script=Han}\p{P}]$/u.test(a) ? a + b : `${a} ${b}`;
}

/**
 * Appends `text` to a detail kept as parts, with joinText's rule looking at the last part only: a detail that
 * grows paragraph by paragraph was joined and searched again for each paragraph, which was quadratic.
 */
function appendText(parts: string[], text: string): void {
  const last = parts[parts.length - 1];
  parts.push(last === undefined ? text : joinText(last, text).slice(last.length));
}

/** Title and detail of one paragraph: the first sentence (without its 。) and the rest. */
function splitItem(text: string, warnings: string[], label: string): NoticeItem & { complete: boolean } {
  const [first, rest] = splitFirstSentence(text);
  let title = withoutFinalStop(first);
  let detail = rest;
  if ([...title].length > LIMITS.title.max) {
    // Too long to be a title: cut at the last comma that fits, and keep the remainder as the detail.
    const chars = [...title];
    const cut = chars.slice(0, LIMITS.title.max).lastIndexOf('，');
    const at = cut > 0 ? cut : LIMITS.title.max - 1;
    warnings.push(`${label}的第一句超过 ${LIMITS.title.max} 字，已在“，”处拆分为标题和内容，请核对`);
    detail = joinText(chars.slice(at + 1).join('') + (first.endsWith('。') ? '。' : ''), rest);
    title = chars.slice(0, at).join('');
  }
  return { title, ...(detail ? { detail } : {}), complete: /[。！？][”’」』]*$/.test(first) };
}

/**
 * Items of a section. The first kind of marker met is the item level; paragraphs with another kind of
 * marker belong to the current item's detail. A paragraph without a marker continues an item that had a
 * title only, and otherwise is an item of its own (title = its first sentence).
 */
export function parseItems(paragraphs: readonly string[], sectionLabel: string, warnings: string[]): NoticeItem[] {
  const items: { title: string; detail: string[]; complete: boolean }[] = [];
  const start = (item: NoticeItem & { complete: boolean }) => {
    items.push({ title: item.title, detail: item.detail ? [item.detail] : [], complete: item.complete });
  };
  let level: number | undefined;
  for (const paragraph of paragraphs) {
    const kind = markerKind(paragraph);
    level ??= kind;
    const current = items[items.length - 1];
    const label = `${sectionLabel}第 ${items.length + 1} 项`;
    if (kind !== undefined && kind === level) {
      start(splitItem(stripMarker(paragraph), warnings, label));
    } else if (current && (kind !== undefined || !current.complete)) {
      // A sub-item, or the text of an item that had only a title.
      appendText(current.detail, paragraph);
      current.complete = kind === undefined ? true : current.complete;
    } else {
      start(splitItem(paragraph, warnings, label));
    }
  }
  return items.map(({ title, detail: parts }) => {
    const detail = parts.join('');
    if (detail && [...detail].length > LIMITS.detail.max) {
      warnings.push(`${sectionLabel}「${title}」的内容超过 ${LIMITS.detail.max} 字，请拆分`);
    }
    return detail ? { title, detail } : { title };
  });
}

/**
 * A closing paragraph: the unnumbered text after a section's last numbered item ("各地区各部门要对活动开展情况
 * 加强指导……报送市场监管总局。"). It is not an item: it has no title of its own. Returns the paragraphs that are
 * items and the closing ones. Only a section that numbers its items has a closing; a paragraph that completes an
 * item given as a bare title ("（四）加强宣传" / its text) stays with its item.
 */
export function splitClosing(paragraphs: readonly string[]): { items: string[]; closing: string[] } {
  let lastMarked = -1;
  for (let i = 0; i < paragraphs.length; i++) if (markerKind(paragraphs[i]!) !== undefined) lastMarked = i;
  if (lastMarked < 0 || lastMarked === paragraphs.length - 1) return { items: [...paragraphs], closing: [] };
  // The last item's own first sentence must be complete, otherwise the next paragraph is its text.
  const [first] = splitFirstSentence(stripMarker(paragraphs[lastMarked]!));
  if (!/[。！？][”’」』]*$/.test(first)) return { items: [...paragraphs], closing: [] };
  return { items: paragraphs.slice(0, lastMarked + 1), closing: paragraphs.slice(lastMarked + 1) };
}
