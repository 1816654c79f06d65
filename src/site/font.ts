import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { parse } from 'node-html-parser';
import { loadSubsetFont } from '../render/subset-font.mjs';

// The site's one webfont: Noto Sans SC Bold from the same npm package as the posters, subset to exactly the
// characters that are set in it. Body text uses the system's Chinese fonts; two full weights of a CJK subset
// would not fit the 300 KB budget, one display weight does.
// WOFF (zlib), not WOFF2 (Brotli): WOFF2's compression took 0.6–0.8 s of the main thread on every build whose headings
// changed, a tenth of a small build (issue 11), for a file ~25 % smaller (41 KB against ~53 KB for the 2022 kit,
// fetched once per visitor). WOFF is also the older format, so older intranet servers are likelier to know its type.

/** Where the font is written, relative to the output folder. */
export const FONT_FILE = 'static/qm-sans-bold.woff';

/** The elements the CSS sets in the webfont; the subset covers exactly their text. Keep in step with site.css and display.css. */
export const DISPLAY_SELECTOR = 'h1, h2, .display, .slide';

const require = createRequire(import.meta.url);
// subset-font without WOFF2 (see subset-font.mjs), loaded when a display font is first made.
let subsetFont: ReturnType<typeof loadSubsetFont> | undefined;

const fourByteAligned = (n: number) => (n + 3) & ~3;

/**
 * Wraps a TrueType/OpenType font as WOFF 1.0 (https://www.w3.org/TR/WOFF/): the same tables, each zlib-compressed when
 * that makes it smaller. subset-font's own WOFF output goes through fontverter, whose pure-JS zlib (pako) took ~70 ms
 * of the main thread for the display font on every build whose headings changed; node:zlib takes a few.
 */
export function sfntToWoff(sfnt: Uint8Array): Uint8Array {
  const font = Buffer.from(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const numTables = font.readUInt16BE(4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 12 + 16 * i;
    return { tag: font.readUInt32BE(at), checksum: font.readUInt32BE(at + 4), offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) };
  }).sort((a, b) => a.tag - b.tag);
  const header = Buffer.alloc(44 + 20 * numTables);
  const data: Buffer[] = [];
  let offset = header.length;
  let totalSfntSize = 12 + 16 * numTables;
  tables.forEach((table, i) => {
    const raw = font.subarray(table.offset, table.offset + table.length);
    const packed = deflateSync(raw, { level: 9 });
    const stored = packed.length < raw.length ? packed : raw;
    const at = 44 + 20 * i;
    header.writeUInt32BE(table.tag, at);
    header.writeUInt32BE(offset, at + 4);
    header.writeUInt32BE(stored.length, at + 8);
    header.writeUInt32BE(raw.length, at + 12);
    header.writeUInt32BE(table.checksum, at + 16);
    const padded = Buffer.alloc(fourByteAligned(stored.length));
    stored.copy(padded);
    data.push(padded);
    offset += padded.length;
    totalSfntSize += fourByteAligned(raw.length);
  });
  header.write('wOFF', 0, 'latin1');
  header.writeUInt32BE(font.readUInt32BE(0), 4); // flavor: the sfnt version
  header.writeUInt32BE(offset, 8); // length of the whole WOFF file
  header.writeUInt16BE(numTables, 12);
  header.writeUInt32BE(totalSfntSize, 16);
  // Version 0.0, no metadata, no private data: the remaining fields stay zero.
  return new Uint8Array(Buffer.concat([header, ...data]));
}

/** Every character set in the display font on the given pages, sorted by code point (deterministic). */
export function collectDisplayChars(htmlPages: Iterable<string>): string[] {
  const chars = new Set<string>();
  for (const html of htmlPages) {
    const root = parse(html, { comment: false });
    for (const el of root.querySelectorAll(DISPLAY_SELECTOR)) {
      for (const ch of el.textContent) if (!/\s/.test(ch)) chars.add(ch);
    }
  }
  return [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/** Where a build keeps display fonts it made before (the build's cache), keyed by what they are made from. */
export interface FontCache {
  get(key: string): Uint8Array | undefined;
  put(key: string, bytes: Uint8Array): void;
}

const versionOf = (pkg: string) => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;

/**
 * Subsets the bold TTF to `chars` as WOFF. The same characters always give the same bytes, so with a cache a
 * build whose headings use the characters of an earlier one takes that font.
 */
export async function subsetDisplayFont(chars: readonly string[], cache?: FontCache): Promise<Uint8Array> {
  // Digits and basic punctuation are always in, so a changed year or number never falls back mid-heading.
  const text = [...new Set([...chars, ...'0123456789'])].join('');
  const key = cache && createHash('sha256').update(JSON.stringify(['display-font-woff', 2, versionOf('subset-font'), versionOf('@expo-google-fonts/noto-sans-sc'), text])).digest('hex');
  const hit = key ? cache.get(key) : undefined;
  if (hit) return hit;
  const ttf = await readFile(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'));
  subsetFont ??= loadSubsetFont();
  const font = sfntToWoff(await subsetFont(ttf, text, { targetFormat: 'sfnt' }));
  if (key) cache.put(key, font);
  return font;
}
