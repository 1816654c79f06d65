import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { constants, crc32, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import type { Campaign } from '../campaign/model.ts';
import { FONT_FAMILY, type Fonts } from '../render/fonts.ts';
import { PROFILES } from '../render/profiles.ts';
import { blobStore, diskCache } from './cache.ts';
import { sha256 } from './hash.ts';
import type { ManifestAsset } from './manifest.ts';
import { thumbPath } from '../urls.ts';
import { PNG_SIGNATURE, chunk, concat } from '../render/png-indexed.ts';

// One PNG per edition-year with every image as a labelled thumbnail, for a person to look over the whole kit at once.

const CELL_W = 200;
const IMG_H = 150;
const LABEL_H = 40;
const COLS = 12;
const PAD = 16;
const HEAD_H = 56;
const TILE_H = IMG_H + LABEL_H;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function pngSize(bytes: Uint8Array): { w: number; h: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { w: view.getUint32(16), h: view.getUint32(20) };
}

/** Tiles of earlier sheets (the build's cache), under tileKey: PNGs as encodeRgbPng writes them. */
export interface CellStore {
  get(key: string): Uint8Array | undefined;
  put(key: string, png: Uint8Array): void;
}

/**
 * A tile's cache key: the image it shows, its scaled size, its two labels, and the version of the code and fonts that
 * draw it (the labels are text).
 */
export const tileKey = (source: Uint8Array, dw: number, dh: number, labels: readonly [string, string], version: string) =>
  sha256(JSON.stringify(['sheet-tile', 1, version, sha256(source), dw, dh, labels]));

/** An opaque image, 3 bytes (R, G, B) per pixel, row by row. */
export interface Rgb {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The RGB of resvg's RGBA pixels: every sheet picture is drawn on an opaque background, so alpha is always 255. */
function rgbOf(width: number, height: number, rgba: Uint8Array): Rgb {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0; o < data.length; i += 4, o += 3) {
    data[o] = rgba[i]!;
    data[o + 1] = rgba[i + 1]!;
    data[o + 2] = rgba[i + 2]!;
  }
  return { width, height, data };
}

/**
 * A truecolour PNG (8-bit RGB, filter byte 0 on every row) with `idat` as its zlib stream. node:zlib's CRC: the
 * JavaScript one took ~20 ms over a 2 MB sheet in a freshly started worker.
 */
function rgbPng(width: number, height: number, idat: Uint8Array): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, colour type 2 (RGB), deflate, adaptive filters, no interlace
  return concat([PNG_SIGNATURE, chunk('IHDR', header, crc32), chunk('IDAT', idat, crc32), chunk('IEND', new Uint8Array(0), crc32)]);
}

/** A truecolour PNG of `raw`: `height` rows of (filter byte 0, width × RGB), compressed by native zlib at `level`. */
function encodeRaw(width: number, height: number, raw: Uint8Array, level: number): Uint8Array {
  return rgbPng(width, height, deflateSync(raw, { level, memLevel: 9 }));
}

/** A PNG of an RGB image (filter 0 on every row). */
export function encodeRgbPng(image: Rgb, level = 6): Uint8Array {
  const stride = image.width * 3;
  const raw = new Uint8Array((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) raw.set(image.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return encodeRaw(image.width, image.height, raw, level);
}

/**
 * Reads back a PNG that encodeRgbPng wrote; undefined for any other PNG (the caller then draws the tile anew). Not
 * fast-png's decoder: it inflates in JavaScript, and a 2022 sheet reads 338 tiles; node:zlib inflates them natively.
 */
export function decodeRgbPng(png: Uint8Array): Rgb | undefined {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (bytes[24] !== 8 || bytes[25] !== 2 || bytes[28] !== 0) return undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch {
    return undefined;
  }
  const stride = width * 3;
  if (raw.length !== (stride + 1) * height) return undefined;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    if (raw[y * (stride + 1)] !== 0) return undefined;
    data.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width, height, data };
}

/** Draws an SVG (with the build's subset fonts, for text) to RGB. */
type Draw = (svg: string) => Rgb;

function drawer(fontFiles: readonly string[]): Draw {
  return (svg) => {
    const image = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [...fontFiles], defaultFontFamily: FONT_FAMILY }, logLevel: 'off' }).render();
    return rgbOf(image.width, image.height, image.pixels);
  };
}

const svgOf = (width: number, height: number, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#fff"/><g font-family="${FONT_FAMILY}">${body}</g></svg>`;

/**
 * One image's tile: its grey cell with the image scaled into it, and its labels (file name, size) below. A sheet is
 * put together from tiles, so an edit that changes 20 of the 2022 kit's 338 images draws only those 20 tiles, and no
 * build draws the whole 20-megapixel sheet in one piece.
 */
export function tileSvg(source: Uint8Array, dw: number, dh: number, labels: readonly [string, string]): string {
  const href = `data:image/png;base64,${Buffer.from(source).toString('base64')}`;
  return svgOf(
    CELL_W,
    TILE_H,
    `<rect width="${CELL_W - 12}" height="${IMG_H}" fill="#EEF1F6"/>` +
      `<image x="${Math.round((CELL_W - 12 - dw) / 2)}" y="${Math.round((IMG_H - dh) / 2)}" width="${dw}" height="${dh}" href="${href}"/>` +
      `<text x="0" y="${IMG_H + 18}" font-size="14" fill="#222">${esc(labels[0])}</text>` +
      `<text x="0" y="${IMG_H + 34}" font-size="12" fill="#555">${esc(labels[1])}</text>`,
  );
}

/** Tiles drawn between two calls of a sheet's `relax` (which lets the caller free what they left in native memory). */
const TILES_PER_RELAX = 32;

/** What a tile shows: an image file (its name is the first label) and its size in pixels (the second). */
export type TileAsset = Pick<ManifestAsset, 'path' | 'width' | 'height'>;

/** Where a sheet's tiles and strips are kept between builds (the build's cache folder), and their version. */
export interface CellsAt {
  readonly dir: string;
  readonly version: string;
}

/** Where a sheet keeps its tiles and compressed strips, and their version. */
export interface Cells {
  readonly store: CellStore;
  readonly strips: CellStore;
  readonly version: string;
}

/** The tiles' store in the build's cache folder (one PNG per entry, its record marked as a cell), and the strips'. */
export const cellStore = (cells: CellsAt): Cells => {
  const cache = diskCache(cells.dir);
  return { version: cells.version, store: blobStore(cache, 'png', { cell: true }), strips: blobStore(cache, 'strip', { strip: true }) };
};

/** The font weights the labels and headings use: the medium text and the bold headings. */
const LABEL_WEIGHTS = [500, 700] as const;

/**
 * The label fonts as files in `dir` (resvg-js for Node reads fonts only from files), each written once: under a
 * temporary name, then renamed, so that two workers writing the same folder never see half a file.
 */
export function labelFontFiles(dir: string, subsets: Readonly<Record<keyof Fonts['subsets'], Uint8Array>>): string[] {
  return LABEL_WEIGHTS.map((w) => {
    const file = path.join(dir, `${w}.ttf`);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}-${threadId}.tmp`;
      writeFileSync(tmp, subsets[w]);
      renameSync(tmp, file);
    }
    return file;
  });
}

/** What one image's tile is made from: the picture it scales (read from the output), its size there, its labels and key. */
interface TileSource {
  readonly bytes: Uint8Array;
  readonly dw: number;
  readonly dh: number;
  readonly labels: readonly [string, string];
  /** tileKey, when there is a store. */
  readonly key?: string;
}

/** `read` gives a file of the output: the image's thumbnail when it has one, else the image itself. */
function tileSource(asset: TileAsset, read: (p: string) => Uint8Array | undefined, version: string | undefined): TileSource {
  const bytes = read(thumbPath(asset.path)) ?? read(asset.path);
  if (!bytes) throw new Error(`Internal error: 联系表缺少图片 ${asset.path}`);
  const { w, h } = pngSize(bytes);
  const scale = Math.min((CELL_W - 12) / w, IMG_H / h, 1);
  const dw = Math.max(1, Math.round(w * scale));
  const dh = Math.max(1, Math.round(h * scale));
  const labels = [asset.path.split('/').pop() ?? '', `${asset.width}x${asset.height}`] as const;
  return { bytes, dw, dh, labels, ...(version !== undefined ? { key: tileKey(bytes, dw, dh, labels, version) } : {}) };
}

/** One image's tile from the store, or drawn (and stored) when the store lacks it. */
function tileOf(source: TileSource, draw: () => Draw, store: CellStore | undefined): { tile: Rgb; drawn: boolean } {
  const stored = source.key && store ? store.get(source.key) : undefined;
  const tile = stored && decodeRgbPng(stored);
  if (tile && tile.width === CELL_W && tile.height === TILE_H) return { tile, drawn: false };
  const drawn = draw()(tileSvg(source.bytes, source.dw, source.dh, source.labels));
  if (source.key && store) store.put(source.key, encodeRgbPng(drawn, 1));
  return { tile: drawn, drawn: true };
}

/**
 * Draws into the store the tiles of freshly rendered images that it lacks, where they were rendered: a render worker
 * does this beside its renders (render-task.ts), so the sheet, drawn once every render is done, finds them there.
 * `fontFiles` gives the label fonts as files (resvg-js reads fonts only from files), asked for only when a tile is drawn.
 */
export function storeTiles(assets: readonly TileAsset[], read: (p: string) => Uint8Array | undefined, fontFiles: () => readonly string[], cells: Cells): void {
  let draw: Draw | undefined;
  for (const asset of assets) tileOf(tileSource(asset, read, cells.version), () => (draw ??= drawer(fontFiles())), cells.store);
}

/** What goes where on a sheet: text bands and image tiles. */
type Piece = { readonly y: number; readonly band: string; readonly height: number } | { readonly y: number; readonly x: number; readonly asset: ManifestAsset };

/**
 * A run of the sheet's rows: a text band or a row of tiles, and the white rows below it up to the next. Each strip is
 * compressed on its own (Segment), so a sheet is put together from strips kept between builds: an edit of one slogan
 * of the 2022 kit changes one tile row per profile, and the other strips are neither drawn nor compressed again.
 */
interface Strip {
  readonly height: number;
  readonly pieces: readonly Piece[];
}

const ADLER_BASE = 65521;

/** zlib's adler32_combine: the Adler-32 of A followed by B, from those of A and B and B's length. */
export function adler32Combine(adlerA: number, adlerB: number, lengthB: number): number {
  const rem = lengthB % ADLER_BASE;
  let sum1 = adlerA & 0xffff;
  let sum2 = (rem * sum1) % ADLER_BASE;
  sum1 += (adlerB & 0xffff) + ADLER_BASE - 1;
  sum2 += (adlerA >>> 16) + (adlerB >>> 16) + ADLER_BASE - rem;
  if (sum1 >= ADLER_BASE) sum1 -= ADLER_BASE;
  if (sum1 >= ADLER_BASE) sum1 -= ADLER_BASE;
  if (sum2 >= ADLER_BASE * 2) sum2 -= ADLER_BASE * 2;
  if (sum2 >= ADLER_BASE) sum2 -= ADLER_BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}

/**
 * One strip's scanlines compressed on their own: a raw deflate stream that ends on a sync flush (byte-aligned, not
 * final), so that strips follow one another in the sheet's one zlib stream; with the scanlines' Adler-32 (the last
 * 4 bytes of zlib's output at level 0, which only copies: Node has no adler32 of its own) and length.
 */
interface Segment {
  readonly deflated: Uint8Array;
  readonly adler: number;
  readonly length: number;
}

/** zlib level of the sheet: 3 compresses the 60 MB of 2022 scanlines in ~0.1 s to ~2 MB (resvg's own PNG encoder took ~0.35 s). */
const SHEET_LEVEL = 3;

function segmentOf(raw: Uint8Array): Segment {
  const deflated = deflateRawSync(raw, { level: SHEET_LEVEL, memLevel: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const copy = deflateSync(raw, { level: 0 });
  return { deflated, adler: copy.readUInt32BE(copy.length - 4), length: raw.length };
}

/** A segment as stored: Adler-32, length and CRC-32 of the compressed bytes (a damaged entry is a miss), then those bytes. */
function packSegment(segment: Segment): Uint8Array {
  const out = Buffer.alloc(12 + segment.deflated.length);
  out.writeUInt32BE(segment.adler, 0);
  out.writeUInt32BE(segment.length, 4);
  out.writeUInt32BE(crc32(segment.deflated) >>> 0, 8);
  out.set(segment.deflated, 12);
  return out;
}

function unpackSegment(stored: Uint8Array, length: number): Segment | undefined {
  if (stored.length < 12) return undefined;
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const deflated = bytes.subarray(12);
  if (bytes.readUInt32BE(4) !== length || bytes.readUInt32BE(8) !== crc32(deflated) >>> 0) return undefined;
  return { deflated, adler: bytes.readUInt32BE(0), length };
}

/** A strip's cache key: its size and what is on it (a band's SVG, each tile's key and place), and the version. */
const stripKey = (width: number, height: number, contents: readonly unknown[], version: string) =>
  sha256(JSON.stringify(['sheet-strip', 1, version, SHEET_LEVEL, width, height, contents]));

/**
 * The contact sheet of one edition-year: a title, then per profile a heading and its images in rows of 12, each
 * labelled. `read` gives a file of the staged output (an image's thumbnail when it has one); `cells` keeps the tiles
 * and the compressed strips between builds. Drawn as text bands and tiles by resvg, put together strip by strip as
 * RGB scanlines, each strip compressed with native zlib into the sheet's one zlib stream.
 */
export async function renderContactSheet(
  campaign: Campaign,
  assets: readonly ManifestAsset[],
  read: (p: string) => Uint8Array | undefined,
  subsets: Readonly<Record<keyof Fonts['subsets'], Uint8Array>>,
  cells?: Cells,
  relax?: () => Promise<void>,
): Promise<Uint8Array> {
  const pngs = assets.filter((a) => a.path.endsWith('.png'));
  const pieces: Piece[] = [];
  const title = `${campaign.year}年${campaign.editionName}“质量月” 主题 ${campaign.theme}${campaign.sample ? ' 示例' : ''}`;
  pieces.push({ y: 0, height: PAD + HEAD_H, band: `<text x="${PAD}" y="${PAD + 36}" font-size="32" font-weight="700" fill="#0B2F6B">${esc(title)}</text>` });
  let y = PAD + HEAD_H;
  for (const profile of PROFILES) {
    const mine = pngs.filter((a) => a.profile === profile.id);
    if (mine.length === 0) continue;
    pieces.push({ y, height: 36, band: `<text x="${PAD}" y="24" font-size="22" font-weight="700" fill="#0B2F6B">${esc(`${profile.id} ${profile.width}x${profile.height}`)}</text>` });
    y += 36;
    for (const [i, asset] of mine.entries()) {
      if (i > 0 && i % COLS === 0) y += TILE_H;
      pieces.push({ y, x: PAD + (i % COLS) * CELL_W, asset });
    }
    y += TILE_H + 12;
  }
  const width = PAD * 2 + COLS * CELL_W;
  const height = y + PAD;
  const stride = width * 3 + 1;
  // The strips: from each row a piece starts on to the next (the last to the sheet's end).
  const tops = [...new Set(pieces.map((p) => p.y))].sort((a, b) => a - b);
  const strips: Strip[] = tops.map((top, i) => ({ height: (tops[i + 1] ?? height) - top, pieces: pieces.filter((p) => p.y === top) }));
  // resvg-js for Node reads fonts only from files: the build's subset fonts go into a private temp folder, made only
  // when something is drawn (an edit finds every tile in the cache).
  let dir: string | undefined;
  let draw: Draw | undefined;
  const drawing = () => (draw ??= drawer(labelFontFiles((dir = mkdtempSync(path.join(tmpdir(), 'qmkit-sheet-'))), subsets)));
  const segments: Segment[] = [];
  try {
    let made = 0;
    for (const strip of strips) {
      // A tile's key says what it shows (its picture's bytes, size and labels): with it, the strip's key.
      const sources = strip.pieces.map((piece) => ('band' in piece ? undefined : tileSource(piece.asset, read, cells?.version)));
      const key = cells && stripKey(width, strip.height, strip.pieces.map((piece, i) => ('band' in piece ? ['band', piece.height, piece.band] : [piece.x, sources[i]!.key])), cells.version);
      const stored = key ? cells.strips.get(key) : undefined;
      const kept = stored && unpackSegment(stored, stride * strip.height);
      if (kept) {
        segments.push(kept);
        continue;
      }
      // Scanlines: filter byte 0, then RGB; white until a piece is put on them.
      const raw = new Uint8Array(stride * strip.height).fill(255);
      for (let row = 0; row < strip.height; row++) raw[row * stride] = 0;
      const put = (image: Rgb, x: number) => {
        const w = Math.min(image.width, width - x) * 3;
        for (let r = 0; r < image.height && r < strip.height; r++) raw.set(image.data.subarray(r * image.width * 3, r * image.width * 3 + w), r * stride + 1 + x * 3);
      };
      for (const [i, piece] of strip.pieces.entries()) {
        if ('band' in piece) {
          put(drawing()(svgOf(width, piece.height, piece.band)), 0);
          continue;
        }
        const { tile, drawn } = tileOf(sources[i]!, drawing, cells?.store);
        // Each drawing leaves its image and pixmap in resvg's native memory until the wrappers are collected (~0.1 MB
        // a tile: 278 of the 2022 kit's thumbnails grew RSS by 25 MiB), which no heap limit would ever trigger.
        if (drawn && relax && ++made % TILES_PER_RELAX === 0) await relax();
        put(tile, piece.x);
      }
      const segment = segmentOf(raw);
      if (key) cells.strips.put(key, packSegment(segment));
      segments.push(segment);
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return encodeSegments(width, height, segments);
}

/**
 * A truecolour PNG whose one zlib stream is the strips' segments in order: the zlib header of SHEET_LEVEL, each
 * segment, an empty final block, and the Adler-32 of all the scanlines combined from the segments'.
 */
function encodeSegments(width: number, height: number, segments: readonly Segment[]): Uint8Array {
  let adler = 1;
  for (const segment of segments) adler = adler32Combine(adler, segment.adler, segment.length);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler, 0);
  // 0x78 0x5e: deflate with a 32 KB window, compression level 2-5 (zlib's header for level 3). 0x03 0x00: a final,
  // empty block with fixed codes.
  return rgbPng(width, height, concat([new Uint8Array([0x78, 0x5e]), ...segments.map((s) => s.deflated), new Uint8Array([0x03, 0x00]), trailer]));
}
