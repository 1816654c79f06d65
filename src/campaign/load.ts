import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CST, Composer, Lexer, LineCounter, Parser, isCollection, isMap, isPair, isScalar, isSeq, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { DataError, DataErrors, type SourcePlace } from '../errors.ts';
import { didYouMean, issueMessage, received } from './messages.ts';
import { compareCampaigns, deepFreeze, type Campaign, type KitData, type Site } from './model.ts';
import { SLUG, SLUG_HINT, campaignSchema, siteSchema } from './schema.ts';
import { normaliseText, shown } from './text.ts';

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
  if (names.length === 0) return [...Object.keys(campaignSchema.shape), 'extends'];
  if (names[0] === 'source') return ['file', 'url'];
  return ['title', 'detail'];
}

/** Validates a parsed file against a schema; every issue becomes a DataError with its place. */
function validate<T>(
  parsed: ParsedFile,
  schema: z.ZodType<T>,
  relabel: (fieldPath: readonly PropertyKey[]) => readonly PropertyKey[] = (p) => p,
): { value?: T; errors: DataError[] } {
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
    errors.push(new DataError(place, fieldLabel(relabel(issuePath)), message));
  }
  errors.sort((a, b) => a.place.line - b.place.line || a.place.col - b.place.col);
  return { errors: capErrors(errors, total) };
}

/** The outcome of loading one campaign file; `cycle` is set when its `extends` chain loops (the files in order). */
interface LoadResult {
  campaign?: Campaign;
  errors: DataError[];
  cycle?: string[];
}

/** Loads campaign files once each, resolving `extends` between them (data/campaigns/<版本>/<年份>.yaml). */
class CampaignLoader {
  private readonly done = new Map<string, LoadResult>();
  private readonly loading: string[] = [];
  constructor(private readonly cwd: string) {}

  load(file: string): LoadResult {
    const abs = path.resolve(file);
    const known = this.done.get(abs);
    if (known) return known;
    this.loading.push(abs);
    let result: LoadResult;
    try {
      result = this.read(abs);
    } finally {
      this.loading.pop();
    }
    this.done.set(abs, result);
    return result;
  }

  private display(abs: string): string {
    const rel = path.relative(this.cwd, abs);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  }

  private read(file: string): LoadResult {
    const parsed = parseYamlFile(file, this.cwd);
    const base = path.basename(file, path.extname(file));
    const folder = path.basename(path.dirname(file));
    const pathErrors: DataError[] = [];
    if (!SLUG.test(folder)) {
      pathErrors.push(new DataError(parsed.place([]), '', `文件夹名「${folder}」不是有效的版本标识：${SLUG_HINT}。请重命名文件夹`));
    }
    if (!/^\d{4}$/.test(base)) {
      pathErrors.push(new DataError(parsed.place([]), '', `文件名应为四位年份（如 2024.yaml），收到「${path.basename(file)}」`));
    }
    const raw = parsed.value;
    const extending = parsed.errors.length === 0 && isPlainObject(raw) && 'extends' in raw;
    const resolved = extending ? this.extend(file, parsed, raw, base) : standalone(parsed);
    const { value, errors } = resolved;
    if (value) {
      if (/^\d{4}$/.test(base) && value.year !== Number(base)) {
        pathErrors.push(new DataError(parsed.place(['year']), 'year', `年份与文件名不符：文件名为 ${base}.yaml，应为 ${base}，收到 ${value.year}`));
      }
      if (SLUG.test(folder) && value.edition !== folder) {
        pathErrors.push(new DataError(parsed.place(['edition']), 'edition', `版本与文件夹不符：文件夹为 ${folder}，应为 "${folder}"，收到 "${value.edition}"`));
      }
    }
    const all = [...errors, ...pathErrors];
    if (all.length || !value) return { errors: all, ...(resolved.cycle ? { cycle: resolved.cycle } : {}) };
    return { campaign: deepFreeze(value), errors: [] };
  }

  /** A file with `extends`: its parent's fields, overridden by its own, validated as one campaign. */
  private extend(file: string, parsed: ParsedFile, raw: Record<string, unknown>, base: string): { value?: Campaign; errors: DataError[]; cycle?: string[] } {
    const at = parsed.place(['extends'], 'key');
    const where = `（extends 在 ${at.file} 第 ${at.line} 行）`;
    const fail = (problem: string, cycle?: string[]) => ({ errors: [new DataError(at, 'extends', problem)], ...(cycle ? { cycle } : {}) });
    const target = raw.extends;
    const m = typeof target === 'string' ? /^([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/(\d{4}))?$/.exec(target) : null;
    if (!m) {
      return fail(`应为要继承的版本标识，如 extends: national（继承同一年的全国版本），收到${received(target)}`);
    }
    const parentEdition = m[1]!;
    const year = /^\d{4}$/.test(base) ? Number(base) : typeof raw.year === 'number' ? raw.year : undefined;
    if (year === undefined) return fail('无法确定本文件的年份：文件名应为四位年份（如 2022.yaml），继承的是同一年的父版本');
    if (m[2] !== undefined && Number(m[2]) !== year) {
      return fail(
        `父版本来自另一年：本文件是 ${year} 年，extends 指向 ${parentEdition}/${m[2]}。只能继承同一年的版本（口号、主题和通知每年不同），请改为 extends: ${parentEdition}`,
      );
    }
    const root = path.dirname(path.dirname(file));
    const parentFile = ['yaml', 'yml'].map((ext) => path.join(root, parentEdition, `${year}.${ext}`)).find((f) => existsSync(f));
    if (!parentFile) {
      const sameYear = readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== path.basename(path.dirname(file)) && ['yaml', 'yml'].some((ext) => existsSync(path.join(root, d.name, `${year}.${ext}`))))
        .map((d) => d.name)
        .sort();
      let otherYears: string[] = [];
      try {
        otherYears = readdirSync(path.join(root, parentEdition)).filter((f) => /^\d{4}\.ya?ml$/.test(f)).map((f) => f.slice(0, 4)).sort();
      } catch {
        // no such edition at all
      }
      const hint = otherYears.length
        ? `版本 ${parentEdition} 只有 ${otherYears.join('、')} 年的文件，没有 ${year} 年的（只能继承同一年的版本）`
        : `没有版本 ${parentEdition}`;
      return fail(
        `找不到父版本「${parentEdition}」：${hint}，应有文件 ${this.display(path.join(root, parentEdition, `${year}.yaml`))}。${year} 年现有的版本：${sameYear.length ? sameYear.join('、') : '无'}`,
      );
    }
    const parentAbs = path.resolve(parentFile);
    const loop = this.loading.indexOf(parentAbs);
    if (loop >= 0) {
      const chain = [...this.loading.slice(loop), parentAbs].map((f) => `${path.basename(path.dirname(f))}/${path.basename(f, path.extname(f))}`);
      return fail(`extends 形成循环：${chain.join(' → ')}。版本只能沿一条链继承到不继承任何版本的文件（通常是 national），请删除其中一个 extends`, chain);
    }
    const parentResult = this.load(parentAbs);
    if (parentResult.cycle) {
      return fail(`extends 形成循环：${parentResult.cycle.join(' → ')}。版本只能沿一条链继承到不继承任何版本的文件（通常是 national），请删除其中一个 extends`, parentResult.cycle);
    }
    const parent = parentResult.campaign;
    if (!parent) return fail(`父版本 ${this.display(parentAbs)} 有错误（见该文件的错误），改正后才能校验继承它的本文件`);

    // The merged input: the parent's fields, except those the file sets itself. Fields that describe one notice
    // (its title, number, date, issuer, source and closing paragraph) or one organizer list are inherited together or not at all:
    // a local notice with its own title never borrows the national document number.
    const own = (key: string) => key in raw;
    const merged: Record<string, unknown> = {};
    const problems: DataError[] = [];
    for (const [key, value] of Object.entries(parent)) {
      if (NOT_INHERITED.has(key) || own(key)) continue;
      const group = INHERITED_TOGETHER.find((g) => g.includes(key));
      if (group && group.some(own)) continue;
      merged[key] = value;
    }
    for (const [key, value] of Object.entries(raw)) if (key !== 'extends' && key !== 'slogans') merged[key] = value;
    if (raw.sample === false && parent.sample) {
      problems.push(new DataError(parsed.place(['sample']), 'sample', `父版本 ${parent.edition}/${parent.year} 是示例数据，继承它的版本也是示例数据：请删除 sample: false，或改为 sample: true`));
    }
    if (!own('sample')) merged.sample = parent.sample;

    // Slogans: inherit (the parent's list), a list (this edition's only), or { inherit: true, add: [...] }.
    const parentFrom = parent.sloganFrom ?? parent.slogans.map(() => ({ edition: parent.edition, editionName: parent.editionName }));
    let inherited = 0;
    let form: 'inherit' | 'list' | 'add' = 'inherit';
    const slogans = raw.slogans;
    if (slogans === undefined || slogans === 'inherit') {
      merged.slogans = parent.slogans;
      inherited = parent.slogans.length;
    } else if (isPlainObject(slogans)) {
      form = 'add';
      for (const key of Object.keys(slogans)) {
        if (key !== 'inherit' && key !== 'add') {
          problems.push(new DataError(parsed.place(['slogans', key], 'key'), `slogans.${shown(key, 40)}`, `未知字段 ${shown(key, 40)}；slogans 可写 inherit（沿用父版本的口号）、口号列表，或 { inherit: true, add: [本地口号……] }`));
        }
      }
      if (slogans.inherit !== true) {
        problems.push(
          new DataError(
            parsed.place(['slogans', ...(slogans.inherit === undefined ? [] : ['inherit'])]),
            'slogans.inherit',
            `应为 true（先列父版本的口号，再列 add 中的本地口号），收到${typeof slogans.inherit === 'boolean' ? ` ${slogans.inherit}` : received(slogans.inherit)}；只要本地口号时，直接把 slogans 写成列表`,
          ),
        );
      }
      const add = slogans.add ?? [];
      if (!Array.isArray(add)) {
        problems.push(new DataError(parsed.place(['slogans', 'add']), 'slogans.add', `应为本地口号的列表，收到${received(add)}`));
      } else {
        // A local slogan that repeats an inherited one: refused here, with where the inherited one comes from.
        const inheritedText = new Map(parent.slogans.map((t, i) => [t, i]));
        const kept: unknown[] = [];
        add.forEach((item, i) => {
          const same = typeof item === 'string' ? inheritedText.get(normaliseText(item)) : undefined;
          if (same !== undefined) {
            const from = parentFrom[same]!;
            problems.push(
              new DataError(
                parsed.place(['slogans', 'add', i]),
                `slogans.add[${i}]`,
                `口号重复：与继承自 ${from.edition}（${from.editionName}）的第 ${same + 1} 条「${parent.slogans[same]}」相同，继承时已包含，请删除这一条`,
              ),
            );
          } else kept.push(item);
        });
        if (kept.length === add.length) {
          merged.slogans = [...parent.slogans, ...add];
          inherited = parent.slogans.length;
        }
      }
    } else {
      form = 'list';
      merged.slogans = slogans;
    }
    if (problems.length) return { errors: problems };

    // Places: a field the file sets is found in the file; an inherited one is pointed at by the extends key.
    const relabel = (p: readonly PropertyKey[]): readonly PropertyKey[] => {
      if (form === 'add' && p[0] === 'slogans' && typeof p[1] === 'number' && p[1] >= inherited) return ['slogans', 'add', p[1] - inherited, ...p.slice(2)];
      return p;
    };
    const synthetic: ParsedFile = {
      display: parsed.display,
      value: merged,
      errors: [],
      place: (p, where2) => (p.length === 0 || own(String(p[0])) ? parsed.place(relabel(p), where2) : at),
    };
    const { value, errors } = validate(synthetic, campaignSchema, relabel);
    if (!value) return { errors };

    // A field of this file that names another year than the file's: a copy of another year's notice, or a typo.
    const contradictions: string[] = [];
    const line = (key: string) => parsed.place([key]).line;
    if (own('signedOn') && value.signedOn && Number(value.signedOn.slice(0, 4)) !== value.year) {
      contradictions.push(`signedOn（第 ${line('signedOn')} 行）为 ${value.signedOn}`);
    }
    if (own('title')) {
      const years = [...value.title.matchAll(/(?<!\d)((?:19|20)\d{2})(?=\s*年)/g)].map((x) => Number(x[1]));
      const other = years.find((y) => y !== value.year);
      if (other !== undefined) contradictions.push(`title（第 ${line('title')} 行）写的是 ${other} 年`);
    }
    if (contradictions.length) {
      return fail(
        `本地字段与年份矛盾：本文件是 ${value.year} 年（继承 ${parent.edition}/${parent.year}），但 ${contradictions.join('，')}。请改正这些字段，或把文件放到对应年份的 <年份>.yaml${where}`,
      );
    }
    const sloganFrom = [
      ...(form === 'list' ? [] : parentFrom.slice(0, inherited)),
      ...value.slogans.slice(form === 'list' ? 0 : inherited).map(() => ({ edition: value.edition, editionName: value.editionName })),
    ];
    return { value: { ...(value as Campaign), parent: parent.edition, sloganFrom }, errors: [] };
  }
}

/** Fields a file never inherits: they say which edition it is (sample is merged on its own). */
const NOT_INHERITED = new Set(['edition', 'editionName', 'parent', 'sloganFrom', 'slogans', 'sample']);
/** Fields inherited together or not at all: one notice's identity, one organizer list. */
const INHERITED_TOGETHER = [
  ['title', 'docNumber', 'signedOn', 'issuer', 'source', 'closing'],
  ['organizers', 'organizersTotal'],
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set) && !(value instanceof Uint8Array);
}

/** A file without `extends`, validated on its own; `slogans: inherit` there gets its own message. */
function standalone(parsed: ParsedFile): { value?: Campaign; errors: DataError[]; cycle?: string[] } {
  const raw = parsed.value;
  if (parsed.errors.length === 0 && isPlainObject(raw) && (raw.slogans === 'inherit' || (isPlainObject(raw.slogans) && 'inherit' in raw.slogans))) {
    return { errors: [new DataError(parsed.place(['slogans']), 'slogans', '只有写了 extends 的文件才能继承口号（slogans: inherit）：请加上 extends: national，或把口号逐条写成列表')] };
  }
  const { value, errors } = validate(parsed, campaignSchema);
  return value ? { value: value as Campaign, errors } : { errors };
}

/**
 * Validates campaign YAML text that has no file of its own (the in-browser maker): the same parser, schema and
 * messages as a file, with `display` as the name in each message. No check of the folder or file name; a file with
 * `extends` is refused with a message saying how to start from its parent instead.
 */
export function parseCampaignText(source: string, display: string): { campaign?: Campaign; errors: DataError[] } {
  const parsed = parseYamlText(source, display);
  if (parsed.errors.length === 0 && isPlainObject(parsed.value) && 'extends' in parsed.value) {
    // The parent is another file, which text on its own cannot reach: say so, and how to get the same campaign.
    return {
      errors: [
        new DataError(
          parsed.place(['extends'], 'key'),
          'extends',
          `这个文件继承了 ${shown(String(parsed.value.extends), 40)} 版本（extends），制作页只能打开不继承的活动文件：请在“以已有活动为底稿”中选择它继承的活动，再填写本地的地区名称、发文单位和口号；或用 qmkit 命令行构建`,
        ),
      ],
    };
  }
  const { value, errors } = standalone(parsed);
  if (errors.length || !value) return { errors };
  return { campaign: deepFreeze(value), errors: [] };
}

/** Loads and validates one campaign file; `year` and `edition` must agree with its path. A file with `extends` loads its parent too. */
export function loadCampaignFile(file: string, cwd = process.cwd()): { campaign?: Campaign; errors: DataError[] } {
  const { campaign, errors } = new CampaignLoader(cwd).load(file);
  return campaign ? { campaign, errors } : { errors };
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

/** Which campaigns to load: those of one edition, of one year, or both (by their files' paths); all by default. */
export interface KitSelection {
  readonly edition?: string;
  readonly year?: number;
}

/** The edition and year a campaign file's path gives it: campaigns/<edition>/<year>.yaml. */
export function campaignFileId(file: string): { edition: string; year: string } {
  return { edition: path.basename(path.dirname(file)), year: path.basename(file).replace(/\.ya?ml$/i, '') };
}

/**
 * Loads data/site.yaml and every campaign (or the selected ones: a build of one edition or year reads only its
 * files and the parents they extend); throws DataErrors listing every problem found.
 */
export function loadKitData(dataDir: string, cwd = process.cwd(), only: KitSelection = {}): KitData {
  const siteFile = path.join(dataDir, 'site.yaml');
  const errors: DataError[] = [];
  const { site, errors: siteErrors } = loadSiteFile(siteFile, cwd);
  errors.push(...siteErrors);
  const campaigns: Campaign[] = [];
  const all = listCampaignFiles(dataDir);
  const files = all.filter((file) => {
    const id = campaignFileId(file);
    return (only.edition === undefined || id.edition === only.edition) && (only.year === undefined || id.year === String(only.year));
  });
  if (all.length === 0) {
    const display = path.relative(cwd, path.join(dataDir, 'campaigns')) || dataDir;
    errors.push(new DataError({ file: display, line: 1, col: 1 }, '', '没有找到活动数据：请在 campaigns/<版本>/<年份>.yaml 中添加至少一个文件（可用 qmkit import 从通知生成）'));
  }
  // One loader for all files: a parent is read once however many editions extend it.
  const loader = new CampaignLoader(cwd);
  for (const file of files) {
    const result = loader.load(file);
    errors.push(...result.errors);
    if (result.campaign) campaigns.push(result.campaign);
  }
  if (errors.length) throw new DataErrors(errors);
  const s = site!;
  campaigns.sort(compareCampaigns(s.defaultEdition));
  return deepFreeze({ site: s, campaigns });
}
