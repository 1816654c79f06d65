import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CST, Composer, Lexer, LineCounter, Parser, isCollection, isMap, isPair, isScalar, isSeq, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { DataError, DataErrors, type SourcePlace } from '../errors.ts';
import { didYouMean, issueMessage } from './messages.ts';
import { compareCampaigns, deepFreeze, type Campaign, type KitData, type Site } from './model.ts';
import { SLUG, SLUG_HINT, campaignSchema, siteSchema } from './schema.ts';
import { shown } from './text.ts';

/** A data file parsed with source positions, so every later problem can point at its line and column. */
interface ParsedFile {
  display: string;
  value: unknown;
  place(fieldPath: readonly PropertyKey[], at?: 'key' | 'value'): SourcePlace;
  errors: DataError[];
}

const MAX_FILE_BYTES = 1024 * 1024;

// Limits on the shape of a data file. A campaign is three levels deep (focusAreas → item → title), has 16 fields
// and lists of at most 200 items, and needs no aliases. The limits are far above that, and keep a hostile or
// broken file from exhausting the stack (deep nesting), the time (the YAML library checks duplicate keys and
// resolves aliases in quadratic time, and reads about 0.5 MB of short values a second) or the memory (alias bombs).
const MAX_DEPTH = 32;
const MAX_ITEMS = 1000;
const MAX_KEYS = 100;
const MAX_ALIASES = 100;
/** Values and symbols (scalars, -, :, brackets, commas); the largest campaign the schema allows has about 10,000. */
const MAX_TOKENS = 50_000;
/** At most this many problems are listed per file; one more line says how many were left out. */
const MAX_REPORTED = 100;

const tooBig = (bytes: number) => `文件过大（${bytes} 字节），数据文件最大 1 MB`;

/** Keeps the first MAX_REPORTED errors and, if there were more, one that says how many were left out. */
function capErrors(errors: DataError[], total = errors.length): DataError[] {
  if (total <= MAX_REPORTED) return errors;
  const kept = errors.slice(0, MAX_REPORTED);
  const next = errors[MAX_REPORTED] ?? kept[kept.length - 1]!;
  return [...kept, new DataError(next.place, '', `还有 ${total - MAX_REPORTED} 处错误未列出（每个文件最多列出 ${MAX_REPORTED} 处），请先改正以上错误`)];
}

/** Reads and parses one YAML data file; syntax problems are collected, not thrown. */
export function parseYamlFile(file: string, cwd = process.cwd()): ParsedFile {
  const rel = path.relative(cwd, file);
  const display = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  const at = (line = 1, col = 1): SourcePlace => ({ file: display, line, col });
  let source: string;
  try {
    const stat = statSync(file);
    if (stat.size > MAX_FILE_BYTES) {
      return { display, value: undefined, place: () => at(), errors: [new DataError(at(), '', tooBig(stat.size))] };
    }
    source = readFileSync(file, 'utf8');
  } catch (cause) {
    return { display, value: undefined, place: () => at(), errors: [new DataError(at(), '', `无法读取文件：${shown((cause as Error).message, 200)}`)] };
  }
  return parseYamlText(source, display);
}

/**
 * Reads the YAML tokens of `text`, stopping as soon as the nesting is deeper than MAX_DEPTH, then checks the
 * size of every collection and the number of aliases. Returns the tokens, or the first limit exceeded.
 */
function readTokens(text: string, lineCounter: LineCounter): { tokens: CST.Token[] } | { offset: number; problem: string } {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  const here = (offset: number) => `（此行为：${lineAt(text, offset) || '空行'}）`;
  const tooLarge = (collection: CST.BlockMap | CST.BlockSequence | CST.FlowCollection) => {
    // A flow collection is a map when it opens with {, else a list.
    const isMapToken = collection.type === 'block-map' || (collection.type === 'flow-collection' && collection.start.type === 'flow-map-start');
    const count = collection.items.length;
    if (count <= (isMapToken ? MAX_KEYS : MAX_ITEMS)) return undefined;
    return {
      offset: collection.offset,
      problem: isMapToken
        ? `YAML 键值对中的字段过多（超过 ${MAX_KEYS} 个）：活动数据每层最多 16 个字段，请检查是否误粘贴了其他内容${here(collection.offset)}`
        : `YAML 列表过长（超过 ${MAX_ITEMS} 项）：请检查是否误粘贴了整篇文件${here(collection.offset)}`,
    };
  };
  // Stop as soon as a limit is passed: the parser's stack holds the document, each open collection and a
  // scalar being read; values and symbols are counted (not spaces, line breaks or comments).
  let count = 0;
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_DEPTH + 2) {
      return {
        offset: parser.offset,
        problem: `YAML 嵌套过深（超过 ${MAX_DEPTH} 层）：活动数据最多 3 层（如 focusAreas → 列表项 → title），请检查多余的括号或缩进${here(parser.offset)}`,
      };
    }
    if (!/^[ \t\r\n#]/.test(lexeme) && ++count > MAX_TOKENS) {
      return { offset: parser.offset, problem: `YAML 内容过多（超过 ${MAX_TOKENS} 个值和符号）：一个活动远少于此，请检查是否误粘贴了其他内容${here(parser.offset)}` };
    }
    for (const open of parser.stack) {
      const problem = CST.isCollection(open) ? tooLarge(open) : undefined;
      if (problem) return problem;
    }
  }
  for (const token of parser.end()) tokens.push(token);

  // The same limits on the whole tree (the stream check sees each collection while it is open), and aliases.
  let aliases = 0;
  const stack: (CST.Token | null | undefined)[] = [...tokens];
  while (stack.length) {
    const token = stack.pop();
    if (!token) continue;
    if (token.type === 'document') stack.push(token.value);
    else if (token.type === 'alias' && ++aliases > MAX_ALIASES) {
      return { offset: token.offset, problem: `YAML 别名（*名称）过多（超过 ${MAX_ALIASES} 个）：活动数据不需要别名，请直接写出内容` };
    } else if (CST.isCollection(token)) {
      const problem = tooLarge(token);
      if (problem) return problem;
      for (const item of token.items) stack.push(item.key, item.value);
    }
  }
  return { tokens };
}

/** The first alias in a document, where an alias bomb is reported. */
function firstAliasOffset(tokens: readonly CST.Token[]): number {
  let first = Infinity;
  const stack: (CST.Token | null | undefined)[] = [...tokens];
  while (stack.length) {
    const token = stack.pop();
    if (!token) continue;
    if (token.type === 'document') stack.push(token.value);
    else if (token.type === 'alias') first = Math.min(first, token.offset);
    else if (CST.isCollection(token)) for (const item of token.items) stack.push(item.key, item.value);
  }
  return Number.isFinite(first) ? first : 0;
}

/** Parses YAML text that came from `display` (a path shown in messages). */
export function parseYamlText(source: string, display: string): ParsedFile {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  const text = source.replace(/^\uFEFF/, '');
  const pos = (offset: number): SourcePlace => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: display, line, col };
  };
  const fail = (offset: number, problem: string): ParsedFile => ({
    display,
    value: undefined,
    place: () => pos(offset),
    errors: [new DataError(pos(offset), '', problem)],
  });

  const bytes = new TextEncoder().encode(source).length;
  if (bytes > MAX_FILE_BYTES) return fail(0, tooBig(bytes));
  const read = readTokens(text, lineCounter);
  if (!('tokens' in read)) return fail(read.offset, read.problem);

  let doc: Document.Parsed | undefined;
  let secondDoc: number | undefined;
  for (const next of new Composer({ uniqueKeys: true, strict: true }).compose(read.tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      secondDoc = next.range[0];
      break;
    }
  }
  if (!doc) return fail(0, 'YAML 无法解析：文件中没有内容');
  const document = doc;

  // The first syntax error, and every duplicate key; what follows a syntax error is usually its echo.
  const syntax = document.errors.filter((e, i) => i === 0 || e.code === 'DUPLICATE_KEY');
  const errors = capErrors(
    syntax.slice(0, MAX_REPORTED + 1).map((e) => {
      const { offset, problem } = yamlProblem(e.code, e.message, text, e.pos[0]);
      return new DataError(pos(offset), '', problem);
    }),
    syntax.length,
  );
  if (secondDoc !== undefined && errors.length === 0) {
    errors.push(new DataError(pos(secondDoc), '', 'YAML 语法错误：文件中有多个 YAML 文档（以 --- 分隔），一个数据文件只能写一个'));
  }
  // A key must be a name: a list or a map as a key (“? [a, b]”) or an alias as a key has no field to name.
  if (errors.length === 0) {
    visit(document, {
      Pair(_, pair) {
        if (pair.key !== null && !isScalar(pair.key)) {
          const range = (pair.key as { range?: [number, number, number] }).range;
          const what = isCollection(pair.key) ? (isSeq(pair.key) ? '列表' : '键值对') : '别名';
          errors.push(new DataError(pos(range?.[0] ?? 0), '', `YAML 字段名应为文字，收到${what}：请把字段名写成“名称: 值”`));
          return visit.BREAK;
        }
        return undefined;
      },
    });
  }

  const place = (fieldPath: readonly PropertyKey[], at: 'key' | 'value' = 'value'): SourcePlace => {
    let node: unknown = document.contents;
    let best: { range?: [number, number, number] | null } | null | undefined = document.contents as never;
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
      value = document.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      errors.push(
        /alias/i.test(message)
          ? new DataError(pos(firstAliasOffset(read.tokens)), '', 'YAML 别名展开过多（可能是“别名炸弹”），已拒绝：请直接写出内容，不要用 & 和 * 引用')
          : new DataError(pos(0), '', `YAML 无法解析：${shown(message, 100)}`),
      );
    }
  }
  return { display, value, place, errors };
}

/** The line of `source` that holds `offset`, trimmed and shortened, to show what was received. */
function lineAt(source: string, offset: number): string {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  const end = source.indexOf('\n', offset);
  const line = source.slice(start, end < 0 ? undefined : end).trim();
  return shown(line, 50);
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
  const shownHead = shown(head, 120);
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
      // Only the start of the line: the pattern is quadratic on a long line with no colon.
      const end = source.indexOf('\n', offset);
      const key = /^\s*(?:-\s+)?([^:#]+?)\s*:/.exec(source.slice(offset, Math.min(end < 0 ? source.length : end, offset + 200)))?.[1];
      return { offset, problem: `YAML 语法错误：${key ? `字段 ${shown(key, 40)} ` : '有字段'}在同一层级出现了两次，只能保留一项，请删除重复的一项` };
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
      return { offset, problem: `YAML 语法错误：缩进或符号不正确（${shownHead}）。字符串中含有冒号、# 或引号时，请用引号把整段括起来${received(offset)}` };
    case 'RESOURCE_EXHAUSTION':
      // The library reports a stack overflow while it builds nested collections this way.
      if (/alias/i.test(head)) return { offset, problem: 'YAML 别名展开过多（可能是“别名炸弹”），已拒绝：请直接写出内容，不要用 & 和 * 引用' };
      return { offset, problem: `YAML 嵌套过深：活动数据最多 3 层（如 focusAreas → 列表项 → title），请检查多余的括号或缩进${received(offset)}` };
    default:
      return { offset, problem: `YAML 语法错误：${shownHead}${received(offset)}` };
  }
}

/** A field path as shown in messages: slogans[2], source.url. An unknown key is shown shortened and escaped. */
function fieldLabel(fieldPath: readonly PropertyKey[]): string {
  return fieldPath.reduce<string>((acc, seg) => {
    if (typeof seg === 'number') return `${acc}[${seg}]`;
    const name = shown(String(seg), 40);
    return acc ? `${acc}.${name}` : name;
  }, '');
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
  const unknownAt = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const label = fieldLabel(issue.path);
    const keys = unknownAt.get(label) ?? [];
    keys.push(issue.keys[0]!);
    unknownAt.set(label, keys);
  }
  // The fields that the unknown keys of a map look like, computed only for a map that also misses a field.
  const guessed = new Map<string, Set<string>>();
  const isMisspelt = (issuePath: readonly PropertyKey[]): boolean => {
    const parent = issuePath.slice(0, -1);
    const label = fieldLabel(parent);
    let guesses = guessed.get(label);
    if (!guesses) {
      const known = knownKeysAt(schema, parent);
      guesses = new Set((unknownAt.get(label) ?? []).map((key) => didYouMean(key, known)).filter((g) => g !== undefined));
      guessed.set(label, guesses);
    }
    return guesses.has(String(issuePath[issuePath.length - 1]));
  };
  // Messages are made for the first MAX_REPORTED problems only; the rest are counted.
  const errors: DataError[] = [];
  let total = 0;
  for (const issue of issues) {
    const issuePath = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
    if (missing && isMisspelt(issuePath)) continue;
    if (++total > MAX_REPORTED + 1) continue;
    const at = issue.code === 'unrecognized_keys' ? 'key' : 'value';
    const place = parsed.place(missing ? issue.path.slice(0, -1) : issuePath, at);
    const message = issueMessage(issue, valueAt(input, issue.path), knownKeysAt(schema, issue.path));
    errors.push(new DataError(place, fieldLabel(issuePath), message));
  }
  errors.sort((a, b) => a.place.line - b.place.line || a.place.col - b.place.col);
  return { errors: capErrors(errors, total) };
}

/**
 * Validates campaign YAML text that has no file of its own (the in-browser maker): the same parser, schema and
 * messages as a file, with `display` as the name in each message. No check of the folder or file name.
 */
export function parseCampaignText(source: string, display: string): { campaign?: Campaign; errors: DataError[] } {
  const { value, errors } = validate(parseYamlText(source, display), campaignSchema);
  if (errors.length || !value) return { errors };
  return { campaign: deepFreeze(value as Campaign), errors: [] };
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
