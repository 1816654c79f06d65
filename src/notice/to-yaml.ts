// Writes an imported campaign as the YAML a person reviews and commits: schema key order, Chinese as is,
// a header saying where it came from and what to check.

import { Document } from 'yaml';
import { shown } from '../campaign/text.ts';
import type { ImportedCampaign } from './import-notice.ts';

/** The schema's key order (src/campaign/schema.ts). */
export const KEY_ORDER = [
  'year', 'edition', 'editionName', 'title', 'docNumber', 'signedOn', 'issuer', 'theme', 'slogans',
  'focusAreas', 'keyEvents', 'requirements', 'closing', 'organizers', 'organizersTotal', 'source', 'sample', 'province',
] as const satisfies readonly (keyof ImportedCampaign)[];

/**
 * How campaign YAML is written: no folding, and no block scalars. A multi-line string is written double-quoted with
 * \n escapes, because the yaml library writes a block scalar whose first line starts with a space without the
 * indentation indicator it needs, and the space is lost on reading (" \n" came back as "\n"; found by the fuzz test).
 */
export const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, blockQuote: false } as const;

export function campaignToYaml(campaign: ImportedCampaign, warnings: readonly string[]): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    const value = campaign[key];
    if (value !== undefined) ordered[key] = value;
  }
  const doc = new Document(ordered);
  // A line break in a file name or a warning would end the comment and turn the rest into YAML (a file named
  // "a\ndocNumber: x.txt" would add a field): line breaks and control characters are written as [U+XXXX].
  const line = (text: string) => shown(text, Infinity);
  const header = [
    ` 由 qmkit import 从 ${line(campaign.source.file)} 生成。`,
    ' 这是从通知文本中自动提取的结果：发布前请逐项对照通知原文核对，核对后可删除这几行注释。',
  ];
  if (warnings.length) {
    header.push(' 导入时的提示：');
    for (const w of warnings) header.push(`   - ${line(w)}`);
  }
  doc.commentBefore = header.join('\n');
  return doc.toString(YAML_OPTIONS);
}
