// The generated inputs of the property tests: hostile characters and strings, valid campaigns and ways to
// break them, raw YAML no tool would write. No vitest here, so that a script can replay a failing case.

import fc from 'fast-check';
import { stringify } from 'yaml';
import { findForbiddenChar, normaliseText } from '../../src/campaign/text.ts';

// ---------------------------------------------------------------------------------------------------------
// Characters and strings.

export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{ 7*7 }}',
  '../../etc/passwd',
] as const;

/** Code points that must be rejected in a text field (a sample of each kind). */
export const FORBIDDEN_CODE_POINTS = [
  0x200b, 0x200c, 0x200d, 0xfeff, // zero-width
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, // bidi
  0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f, // C0 + DEL (not tab, LF, CR)
  0x80, 0x85, 0x8d, 0x9b, 0x9f, // C1
  0xd800, 0xdbff, 0xdc00, 0xdfff, // lone surrogates
] as const;

export const forbiddenChar = fc.constantFrom(...FORBIDDEN_CODE_POINTS).map((cp) => String.fromCharCode(cp));

/** Every kind of space a pasted text brings: each run must become one ASCII space. */
export const SPACES = [' ', '  ', '\u3000', '\u3000\u3000', '\t', '\u00a0', '\u2002', ' \u3000 ', '\u202f', '\u205f'] as const;
const space = fc.constantFrom(...SPACES);

const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((cp) => String.fromCodePoint(cp));
const astral = fc.integer({ min: 0x20000, max: 0x2a6df }).map((cp) => String.fromCodePoint(cp));
const emoji = fc.constantFrom('😀', '🇨🇳', '👍🏽', '🧧', '𝕏');
const ascii = fc.integer({ min: 0x21, max: 0x7e }).map((cp) => String.fromCharCode(cp));
const punct = fc.constantFrom('，', '。', '“', '”', '《', '》', '、', '：', '；', '！', '？', '（', '）', '—', '·', '…', '【', '】');
/** Characters that NFC changes: a decomposed é, Å, a Hangul syllable in jamo, a CJK compatibility ideograph. */
const decomposed = fc.constantFrom('e\u0301', 'A\u030a', '\u1100\u1161', '\uf900', 'Ω');
const yamlIndicator = fc.constantFrom(': ', ' #', '- ', '? ', '&a', '*a', '!', '|', '>', "'", '"', '%', '@', '`', '[', ']', '{', '}', ',', '\\');

const textUnit = fc.oneof(
  { weight: 12, arbitrary: han },
  { weight: 3, arbitrary: ascii },
  { weight: 3, arbitrary: punct },
  { weight: 2, arbitrary: space },
  { weight: 1, arbitrary: astral },
  { weight: 1, arbitrary: emoji },
  { weight: 1, arbitrary: decomposed },
  { weight: 1, arbitrary: yamlIndicator },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
);

/** Text that is valid in a field of `max` characters: it may need normalising, but it is never rejected. */
export function validText(max: number, maxUnits = Math.min(max, 24)): fc.Arbitrary<string> {
  return fc
    .array(textUnit, { minLength: 1, maxLength: maxUnits })
    .map((units) => units.join(''))
    .filter((s) => {
      const clean = normaliseText(s);
      return clean !== '' && [...clean].length <= max && findForbiddenChar(s.replace(/[\t\r\n]/g, ' ')) === undefined;
    });
}

/** A string up to 100k characters: one piece repeated. */
export const hugeString = fc
  .tuple(fc.constantFrom('质', 'a', ' ', '\u3000', '𠀀', '[', '"', '\\', ': ', '- ', '\n', '质量月 ', '&a *a '), fc.integer({ min: 1000, max: 100_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** UTF-16 code units, lone surrogates included. */
export const codeUnitString = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

/** Any hostile string: random Unicode (astral included), code units, controls, the hostile strings, huge ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: codeUnitString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.array(fc.oneof(textUnit, forbiddenChar, space, fc.constantFrom('\r\n', '\n', '\r', '\0')), { maxLength: 30 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u3000', '\t', '\u200b', 'null', '~', 'true', 'yes', '2024', '0x10', '1e400', '.nan', '-', '---', '...', '#', '[]', '{}') },
  { weight: 1, arbitrary: hugeString },
);

/** A value of any type: what a person (or a broken tool) might write where something else belongs. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [[]], [{}], { title: {} }, [null]) },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.constantFrom(new Uint8Array([1, 2, 3]), new Set(['a']), new Map([['a', 1]])) },
  { weight: 2, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
  { weight: 1, arbitrary: fc.array(fc.constant('x'), { minLength: 201, maxLength: 1500 }) },
);

// ---------------------------------------------------------------------------------------------------------
// Campaigns.

export const slug = fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,6}){0,2}$/);

const isoDay = fc.date({ min: new Date('1978-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const url = fc
  .tuple(fc.constantFrom('http', 'https', 'HTTPS'), fc.domain(), fc.array(fc.stringMatching(/^[a-z0-9._~-]{1,8}$/), { maxLength: 3 }))
  .map(([scheme, host, parts]) => `${scheme}://${host}/${parts.join('/')}`);

const section = fc.record(
  { title: validText(200, 30), detail: validText(5000, 60) },
  { requiredKeys: ['title'] },
);

/** A campaign (as written in YAML, before normalising) that must load. */
export interface CampaignDoc {
  year: number;
  edition: string;
  [key: string]: unknown;
}

export const validCampaign: fc.Arbitrary<CampaignDoc> = fc
  .record(
    {
      year: fc.integer({ min: 1978, max: 2100 }),
      edition: slug,
      editionName: validText(60),
      title: validText(200, 40),
      docNumber: validText(60),
      signedOn: isoDay,
      issuer: validText(200, 30),
      theme: validText(40),
      slogans: fc.uniqueArray(validText(40), { maxLength: 6, selector: (s) => normaliseText(s) }),
      focusAreas: fc.array(section, { maxLength: 3 }),
      keyEvents: fc.array(section, { maxLength: 2 }),
      requirements: fc.array(section, { maxLength: 3 }),
      organizers: fc.array(validText(60, 12), { maxLength: 5 }),
      organizersExtra: fc.integer({ min: 0, max: 30 }),
      source: fc.record({ file: validText(200, 20), url }, { requiredKeys: ['file'] }),
      sample: fc.boolean(),
    },
    { requiredKeys: ['year', 'edition', 'editionName', 'title', 'issuer', 'theme', 'slogans', 'source'] },
  )
  .map(({ organizersExtra, ...c }) => {
    const doc: CampaignDoc = { ...c };
    if (organizersExtra !== undefined) doc.organizersTotal = Math.max(1, (c.organizers?.length ?? 0) + organizersExtra);
    return doc;
  });

/** The model a valid campaign must load as: every text normalised, defaults filled in. */
export function expectedModel(doc: CampaignDoc): unknown {
  const norm = (v: unknown): unknown => {
    if (typeof v === 'string') return normaliseText(v);
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
    return v;
  };
  return { focusAreas: [], keyEvents: [], requirements: [], organizers: [], sample: false, ...(norm(doc) as object) };
}

/** Every path into a campaign document: fields, list items, item fields. */
export function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

export function getAt(root: unknown, p: readonly (string | number)[]): unknown {
  let v = root;
  for (const seg of p) v = (v as Record<string | number, unknown>)[seg];
  return v;
}

/** A deep copy of `root` with the value at `p` replaced (or deleted when `value` is DELETE). */
export const DELETE = Symbol('delete');
export function setAt(root: unknown, p: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const seg of p.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = p[p.length - 1]!;
  if (value === DELETE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

export function fieldLabel(p: readonly (string | number)[]): string {
  return p.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/** How a campaign object becomes text: yaml with random styles, or JSON (which is YAML too). */
export interface Serializer {
  kind: 'yaml' | 'json';
  stringType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
  collectionStyle: 'any' | 'block' | 'flow';
  lineWidth: number;
  indent: number;
}

export const serializer: fc.Arbitrary<Serializer> = fc.record({
  kind: fc.constantFrom('yaml', 'yaml', 'yaml', 'json'),
  stringType: fc.constantFrom('PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  collectionStyle: fc.constantFrom('any', 'any', 'block', 'flow'),
  lineWidth: fc.constantFrom(0, 20, 80),
  indent: fc.constantFrom(2, 4),
});

/** A lone surrogate (with the u flag, a surrogate pair is one code point and does not match). */
export const LONE_SURROGATE = /[\ud800-\udfff]/u;

export function serialise(value: unknown, s: Serializer): string {
  if (s.kind === 'json') {
    try {
      return JSON.stringify(value, null, s.indent === 2 ? 2 : undefined);
    } catch {
      // BigInt: JSON cannot write it, yaml can.
    }
  }
  const write = (lineWidth: number) =>
    stringify(value, { defaultStringType: s.stringType, collectionStyle: s.collectionStyle, lineWidth, minContentWidth: 0, indent: s.indent });
  const text = write(s.lineWidth);
  // yaml 2.9 folds a long double-quoted string between the two halves of a surrogate pair ("👍\ud83c\\\n \udffd"),
  // which a UTF-8 file turns into two U+FFFD. That is the library's writer, not the loader: write such values unfolded.
  // (qmkit's own writer, src/notice/to-yaml.ts, never folds: test/fuzz/regressions.test.ts.)
  return LONE_SURROGATE.test(text) ? write(0) : text;
}

// ---------------------------------------------------------------------------------------------------------
// Raw YAML that no serializer would write.

/** Nesting `depth` levels deep, in one of the ways YAML allows. */
export function deepYaml(style: 'flow-seq' | 'flow-map' | 'compact-seq' | 'block-seq' | 'block-map' | 'unclosed' | 'mixed', depth: number): string {
  switch (style) {
    case 'flow-seq':
      return `${'['.repeat(depth)}x${']'.repeat(depth)}`;
    case 'flow-map':
      return `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
    case 'compact-seq':
      return `${'- '.repeat(depth)}x`;
    case 'block-seq':
      return Array.from({ length: Math.min(depth, 1400) }, (_, i) => `${' '.repeat(i)}-`).join('\n') + ' x';
    case 'block-map':
      return Array.from({ length: Math.min(depth, 1400) }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' x';
    case 'unclosed':
      return '['.repeat(depth);
    case 'mixed':
      return `${'[{a: '.repeat(Math.ceil(depth / 2))}x${'}]'.repeat(Math.ceil(depth / 2))}`;
  }
}

export const deepDoc = fc
  .tuple(
    fc.constantFrom('flow-seq', 'flow-map', 'compact-seq', 'block-seq', 'block-map', 'unclosed', 'mixed') as fc.Arbitrary<Parameters<typeof deepYaml>[0]>,
    fc.constantFrom(33, 64, 200, 1000, 10_000, 100_000, 300_000),
    fc.boolean(),
  )
  .map(([style, depth, asField]) => {
    const deep = deepYaml(style, depth);
    if (!asField) return deep;
    return style.startsWith('flow') || style === 'unclosed' || style === 'mixed' ? `theme: 质量\nslogans: ${deep}\n` : `theme: 质量\nslogans:\n${deep}\n`;
  });

/** A billion-laughs document: `levels` anchors, each aliasing the previous `width` times. */
export function aliasBomb(levels: number, width: number, flow: boolean): string {
  const names = Array.from({ length: levels }, (_, i) => `l${i}`);
  if (flow) {
    const parts = names.map((n, i) => `&${n} [${Array.from({ length: width }, () => (i === 0 ? '"lol"' : `*${names[i - 1]}`)).join(', ')}]`);
    return `slogans: [${parts.join(', ')}]\n`;
  }
  return `${names.map((n, i) => `${n}: &${n} [${Array.from({ length: width }, () => (i === 0 ? 'lol' : `*${names[i - 1]}`)).join(', ')}]`).join('\n')}\ntheme: *${names[levels - 1]}\n`;
}

export const bombDoc = fc
  .tuple(fc.integer({ min: 2, max: 14 }), fc.integer({ min: 2, max: 12 }), fc.boolean())
  .map(([levels, width, flow]) => aliasBomb(levels, width, flow));

/** Many aliases to one anchor, or many anchors: linear to write, quadratic for a naive resolver. */
export const aliasFloodDoc = fc
  .tuple(fc.integer({ min: 50, max: 60_000 }), fc.constantFrom('aliases', 'anchors', 'both'))
  .map(([n, kind]) => {
    if (kind === 'aliases') return `a: &x 1\nslogans: [${Array(n).fill('*x').join(', ')}]\n`;
    if (kind === 'anchors') return `slogans: [${Array.from({ length: n }, (_, i) => `&a${i} x`).join(', ')}]\n`;
    return `slogans: [${Array.from({ length: n }, (_, i) => `&a${i} x, *a${i}`).join(', ')}]\n`;
  });

/** Wide collections: many keys (distinct or duplicate), many items. */
export const wideDoc = fc
  .tuple(fc.integer({ min: 100, max: 60_000 }), fc.constantFrom('keys', 'dup-keys', 'flow-keys', 'items', 'item-maps', 'flow-dup'))
  .map(([n, kind]) => {
    switch (kind) {
      case 'keys':
        return Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n');
      case 'dup-keys':
        return Array.from({ length: n }, () => 'theme: 1').join('\n');
      case 'flow-keys':
        return `{${Array.from({ length: n }, (_, i) => `k${i}: 1`).join(', ')}}`;
      case 'items':
        return `slogans: [${Array(n).fill('1').join(',')}]`;
      case 'item-maps':
        return `focusAreas:\n${Array.from({ length: Math.min(n, 20_000) }, (_, i) => `  - {t${i}: 1, d${i}: 2}`).join('\n')}`;
      default:
        return `source: {${Array(n).fill('file: a').join(', ')}}`;
    }
  });

/** YAML features a data file never needs: tags, directives, complex keys, several documents. */
export const oddYamlDoc = fc.constantFrom(
  'theme: !!binary aGVsbG8=',
  'slogans: !!set {a, b}',
  'slogans: !!omap [{a: 1}]',
  'signedOn: !!timestamp 2024-07-26',
  'theme: !foo bar',
  'theme: !<tag:yaml.org,2002:str> 质量',
  '%YAML 1.1\n---\ntheme: yes',
  '%TAG ! tag:example.com,2000:\n---\ntheme: !x y',
  '? [a, b]\n: 1',
  '? {a: 1}\n: 1',
  '{[a]: 1}',
  'theme: a\n---\ntheme: b',
  '---\n---\n---',
  '...',
  '<<: {theme: a}',
  '__proto__: {theme: a}',
  'constructor: {prototype: {x: 1}}',
  'theme: *nope',
  'theme: &a',
  'theme: "\\ud800"',
  'theme: "\\U0010FFFF\\x00\\e"',
  'theme: |\n  a\n\tb',
  'theme: >-\n\n\n',
  '\t- a',
  'year: 0x7E8',
  'year: 2024.0',
  'year: 1e400',
  'year: -.inf',
  'year: .nan',
  'year: 20_24',
  '',
  '# only a comment',
  '~',
  '- a\n- b',
  '"just a string"',
);

/** One edit of a YAML text: what a person's editor, a paste or a broken tool does to it. */
export interface TextEdit {
  kind: 'insert' | 'delete' | 'dup-line' | 'swap-lines' | 'indent' | 'dedent' | 'truncate' | 'bom' | 'crlf' | 'cr' | 'tabs';
  at: number;
  text: string;
  length: number;
}

const insertion = fc.oneof(
  forbiddenChar,
  space,
  yamlIndicator,
  fc.constantFrom('\n', '\r\n', '\r', '\t', '\0', '\ufeff', '---\n', '...\n', '&a ', '*a', '<<: *a\n', 'theme: x\n', '  - ', '\u3000', '\u200b', '\u202e'),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

export const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  kind: fc.constantFrom('insert', 'insert', 'insert', 'delete', 'dup-line', 'dup-line', 'swap-lines', 'indent', 'dedent', 'truncate', 'bom', 'crlf', 'cr', 'tabs'),
  at: fc.nat(),
  text: insertion,
  length: fc.integer({ min: 1, max: 40 }),
});

export function applyEdit(text: string, edit: TextEdit): string {
  const at = text.length ? edit.at % (text.length + 1) : 0;
  const lines = text.split('\n');
  const li = lines.length ? edit.at % lines.length : 0;
  switch (edit.kind) {
    case 'insert':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'dup-line':
      lines.splice(li, 0, lines[li] ?? '');
      return lines.join('\n');
    case 'swap-lines':
      if (li + 1 < lines.length) [lines[li], lines[li + 1]] = [lines[li + 1]!, lines[li]!];
      return lines.join('\n');
    case 'indent':
      lines[li] = ' '.repeat(edit.length % 5 + 1) + (lines[li] ?? '');
      return lines.join('\n');
    case 'dedent':
      lines[li] = (lines[li] ?? '').replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 'truncate':
      return text.slice(0, at);
    case 'bom':
      return `\ufeff${text}`;
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'cr':
      return text.replace(/\r?\n/g, '\r');
    case 'tabs':
      return text.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2));
  }
}

