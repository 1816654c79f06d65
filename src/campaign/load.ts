import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { DataError, DataErrors, type SourcePlace } from '../errors.ts';
import { didYouMean, issueMessage } from './messages.ts';
import { compareCampaigns, deepFreeze, type Campaign, type KitData, type Site } from './model.ts';
import { SLUG, SLUG_HINT, campaignSchema, siteSchema } from './schema.ts';

/** A data file parsed with source positions, so every later problem can point at its line and column. */
interface ParsedFile {
  display: string;
  value: unknown;
  place(fieldPath: readonly PropertyKey[], at?: 'key' | 'value'): SourcePlace;
  errors: DataError[];
}

const MAX_FILE_BYTES = 1024 * 1024;

/** Reads and parses one YAML data file; syntax problems are collected, not thrown. */
export function parseYamlFile(file: string, cwd = process.cwd()): ParsedFile {
  const rel = path.relative(cwd, file);
  const display = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  const at = (line = 1, col = 1): SourcePlace => ({ file: display, line, col });
  let source: string;
  try {
    const stat = statSync(file);
    if (stat.size > MAX_FILE_BYTES) {
      return { display, value: undefined, place: () => at(), errors: [new DataError(at(), '', `文件过大（${stat.size} 字节），数据文件最大 1 MB`)] };
    }
    source = readFileSync(file, 'utf8');
  } catch (cause) {
    return { display, value: undefined, place: () => at(), errors: [new DataError(at(), '', `无法读取文件：${(cause as Error).message}`)] };
  }
  return parseYamlText(source, display);
}

/** Parses YAML text that came from `display` (a path shown in messages). */
export function parseYamlText(source: string, display: string): ParsedFile {
  const lineCounter = new LineCounter();
  const text = source.replace(/^\uFEFF/, '');
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const pos = (offset: number): SourcePlace => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: display, line, col };
  };
  // The first syntax error, and every duplicate key; what follows a syntax error is usually its echo.
  const errors = doc.errors
    .filter((e, i) => i === 0 || e.code === 'DUPLICATE_KEY')
    .map((e) => {
      const { offset, problem } = yamlProblem(e.code, e.message, text, e.pos[0]);
      return new DataError(pos(offset), '', problem);
    });

  const place = (fieldPath: readonly PropertyKey[], at: 'key' | 'value' = 'value'): SourcePlace => {
    let node: unknown = doc.contents;
    let best: { range?: [number, number, number] | null } | null | undefined = doc.contents as never;
    for (let i = 0; i < fieldPath.length; i++) {
      const seg = fieldPath[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const last = i === fieldPath.length - 1;
        if (last && at === 'key') {
          best = pair.key as never;
          break;
        }
        node = pair.value;
        best = (pair.value ?? pair.key) as never;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (!item) break;
        node = item;
        best = item as never;
      } else break;
    }
    const offset = (best as { range?: [number, number, number] | null } | null | undefined)?.range?.[0];
    return offset === undefined ? pos(0) : pos(offset);
  };

  let value: unknown;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      errors.push(new DataError(pos(0), '', `YAML 无法解析：${(cause as Error).message}`));
    }
  }
  return { display, value, place, errors };
}

/** The line of `source` that holds `offset`, trimmed and shortened, to show what was received. */
function lineAt(source: string, offset: number): string {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  const end = source.indexOf('\n', offset);
  const line = source.slice(start, end < 0 ? undefined : end).trim();
  return [...line].length > 50 ? `${[...line].slice(0, 50).join('')}…` : line;
}

/**
 * Where a value opened with `open` ('"', "'", '[' or '{') that never closed starts: the last line before
 * `offset` whose value begins with it and does not close on the same line. The parser reports the place
 * where it gave up, often the end of the file; the opening is where the fix goes.
 */
function unclosedOpening(source: string, offset: number, open: string, close: string): number | undefined {
  let found: number | undefined;
  let lineStart = 0;
  for (const line of source.slice(0, offset).split('\n')) {
    const m = /^(\s*(?:-\s+)?(?:[^\s#:][^:#]*:\s+)?)(.)(.*)$/.exec(line);
    if (m && m[2] === open && !m[3]!.includes(close)) found = lineStart + m[1]!.length;
    lineStart += line.length + 1;
  }
  return found;
}

/** A YAML syntax error in Chinese: what is wrong, how to fix it, and the line as received. */
function yamlProblem(code: string, message: string, source: string, offset: number): { offset: number; problem: string } {
  const head = message.split('\n')[0] ?? message;
  const received = (at: number) => `（此行为：${lineAt(source, at) || '空行'}）`;
  const quote = /Missing closing (["'])quote/.exec(head)?.[1];
  if (code === 'MISSING_CHAR' && quote) {
    const at = unclosedOpening(source, offset, quote, quote) ?? offset;
    return { offset: at, problem: `YAML 语法错误：引号 ${quote} 没有闭合，应在这段文字的末尾补上 ${quote}${received(at)}` };
  }
  const bracket = /end with an? ([\]}])/.exec(head)?.[1];
  if (bracket) {
    const open = bracket === ']' ? '[' : '{';
    const at = unclosedOpening(source, offset, open, bracket) ?? offset;
    return {
      offset: at,
      problem: `YAML 语法错误：${open} 没有对应的 ${bracket}。以 ${open} 开头的值会被当作${open === '[' ? '列表' : '键值对'}；如果这是文字，请用引号把整段括起来${received(at)}`,
    };
  }
  switch (code) {
    case 'DUPLICATE_KEY': {
      const end = source.indexOf('\n', offset);
      const key = /^\s*(?:-\s+)?([^:#]+?)\s*:/.exec(source.slice(offset, end < 0 ? undefined : end))?.[1];
      return { offset, problem: `YAML 语法错误：${key ? `字段 ${key} ` : '有字段'}在同一层级出现了两次，只能保留一项，请删除重复的一项` };
    }
    case 'TAB_AS_INDENT':
      return { offset, problem: `YAML 语法错误：不能用 Tab 缩进，请改用空格${received(offset)}` };
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (/compact mappings/.test(head)) {
        return { offset, problem: `YAML 语法错误：值中含有“冒号+空格”，YAML 会把它当作下一层字段。请用引号把整段值括起来（如 title: "甲: 乙"）${received(offset)}` };
      }
      return { offset, problem: `YAML 语法错误：缩进不一致，同一列表的每个“- ”、同一层级的每个字段应左对齐${received(offset)}` };
    case 'UNEXPECTED_TOKEN':
      return {
        offset,
        problem: `YAML 语法错误：引号或括号结束后还有多余的文字。若引号是内容的一部分，请用另一种引号把整段括起来（如 '他说"好"'）${received(offset)}`,
      };
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return { offset, problem: `YAML 语法错误：缩进或符号不正确（${head}）。字符串中含有冒号、# 或引号时，请用引号把整段括起来${received(offset)}` };
    case 'RESOURCE_EXHAUSTION':
      return { offset, problem: 'YAML 别名展开过多（可能是“别名炸弹”），已拒绝' };
    default:
      return { offset, problem: `YAML 语法错误：${head}${received(offset)}` };
  }
}

function fieldLabel(fieldPath: readonly PropertyKey[]): string {
  return fieldPath.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
    '',
  );
}

function valueAt(root: unknown, fieldPath: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const seg of fieldPath) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg as string | number];
  }
  return v;
}

/** The field names allowed at a path, for did-you-mean suggestions. */
function knownKeysAt(schema: z.ZodType, fieldPath: readonly PropertyKey[]): string[] {
  const names = fieldPath.filter((seg) => typeof seg === 'string');
  if (schema === (siteSchema as z.ZodType)) return Object.keys(siteSchema.shape);
  if (names.length === 0) return Object.keys(campaignSchema.shape);
  if (names[0] === 'source') return ['file', 'url'];
  return ['title', 'detail'];
}

/** Validates a parsed file against a schema; every issue becomes a DataError with its place. */
function validate<T>(parsed: ParsedFile, schema: z.ZodType<T>): { value?: T; errors: DataError[] } {
  if (parsed.errors.length) return { errors: parsed.errors };
  const input = parsed.value;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { errors: [new DataError(parsed.place([]), '', `文件内容应为键值对（字段: 值），收到${input === undefined || input === null ? '空文件' : '其他内容'}`)] };
  }
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { value: result.data, errors: [] };
  // One issue per unknown key; a key that looks like a misspelt field also explains that field's absence.
  const issues = result.error.issues.flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, keys: [key] })) : [issue],
  );
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const guess = didYouMean(issue.keys[0]!, knownKeysAt(schema, issue.path));
    if (guess) misspelt.add(fieldLabel([...issue.path, guess]));
  }
  const errors = issues.flatMap((issue) => {
    const issuePath = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
    if (missing && misspelt.has(fieldLabel(issuePath))) return [];
    const at = issue.code === 'unrecognized_keys' ? 'key' : 'value';
    const place = parsed.place(missing ? issue.path.slice(0, -1) : issuePath, at);
    const message = issueMessage(issue, valueAt(input, issue.path), knownKeysAt(schema, issue.path));
    return [new DataError(place, fieldLabel(issuePath), message)];
  });
  errors.sort((a, b) => a.place.line - b.place.line || a.place.col - b.place.col);
  return { errors };
}

/** Loads and validates one campaign file; `year` and `edition` must agree with its path. */
export function loadCampaignFile(file: string, cwd = process.cwd()): { campaign?: Campaign; errors: DataError[] } {
  const parsed = parseYamlFile(file, cwd);
  const { value, errors } = validate(parsed, campaignSchema);
  const base = path.basename(file, path.extname(file));
  const folder = path.basename(path.dirname(file));
  const pathErrors: DataError[] = [];
  if (!SLUG.test(folder)) {
    pathErrors.push(new DataError(parsed.place([]), '', `文件夹名「${folder}」不是有效的版本标识：${SLUG_HINT}。请重命名文件夹`));
  }
  if (!/^\d{4}$/.test(base)) {
    pathErrors.push(new DataError(parsed.place([]), '', `文件名应为四位年份（如 2024.yaml），收到「${path.basename(file)}」`));
  }
  if (value) {
    if (/^\d{4}$/.test(base) && value.year !== Number(base)) {
      pathErrors.push(new DataError(parsed.place(['year']), 'year', `年份与文件名不符：文件名为 ${base}.yaml，应为 ${base}，收到 ${value.year}`));
    }
    if (SLUG.test(folder) && value.edition !== folder) {
      pathErrors.push(new DataError(parsed.place(['edition']), 'edition', `版本与文件夹不符：文件夹为 ${folder}，应为 "${folder}"，收到 "${value.edition}"`));
    }
  }
  const all = [...errors, ...pathErrors];
  if (all.length || !value) return { errors: all };
  return { campaign: deepFreeze(value as Campaign), errors: [] };
}

export function loadSiteFile(file: string, cwd = process.cwd()): { site?: Site; errors: DataError[] } {
  const parsed = parseYamlFile(file, cwd);
  const { value, errors } = validate(parsed, siteSchema);
  return value ? { site: deepFreeze(value as Site), errors } : { errors };
}

/** Every campaign file under data/campaigns/<edition>/<year>.yaml, sorted for a stable order. */
export function listCampaignFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'campaigns');
  let editions: string[];
  try {
    editions = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  return editions.flatMap((edition) =>
    readdirSync(path.join(root, edition))
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => path.join(root, edition, f)),
  );
}

/** Loads data/site.yaml and every campaign; throws DataErrors listing every problem found. */
export function loadKitData(dataDir: string, cwd = process.cwd()): KitData {
  const siteFile = path.join(dataDir, 'site.yaml');
  const errors: DataError[] = [];
  const { site, errors: siteErrors } = loadSiteFile(siteFile, cwd);
  errors.push(...siteErrors);
  const campaigns: Campaign[] = [];
  const files = listCampaignFiles(dataDir);
  if (files.length === 0) {
    const display = path.relative(cwd, path.join(dataDir, 'campaigns')) || dataDir;
    errors.push(new DataError({ file: display, line: 1, col: 1 }, '', '没有找到活动数据：请在 campaigns/<版本>/<年份>.yaml 中添加至少一个文件（可用 qmkit import 从通知生成）'));
  }
  for (const file of files) {
    const result = loadCampaignFile(file, cwd);
    errors.push(...result.errors);
    if (result.campaign) campaigns.push(result.campaign);
  }
  if (errors.length) throw new DataErrors(errors);
  const s = site!;
  campaigns.sort(compareCampaigns(s.defaultEdition));
  return deepFreeze({ site: s, campaigns });
}
