import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
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
 * A truecolour PNG of `raw`: `height` rows of (filter byte 0, width × RGB). Native zlib at level 3: the 2022 sheet
 * (2432 × 8314) encodes in ~0.1 s, where resvg's own encoder took ~0.35 s for about the same size.
 */
function encodeRaw(width: number, height: number, raw: Uint8Array, level: number): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, colour type 2 (RGB), deflate, adaptive filters, no interlace
  const idat = deflateSync(raw, { level, memLevel: 9 });
  // node:zlib's CRC: the JavaScript one took ~20 ms over a 2 MB sheet in a freshly started worker.
  return concat([PNG_SIGNATURE, chunk('IHDR', header, crc32), chunk('IDAT', idat, crc32), chunk('IEND', new Uint8Array(0), crc32)]);
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

/** Where a sheet's tiles and bands are kept between builds (the build's cache folder), and their version. */
export interface CellsAt {
  readonly dir: string;
  readonly version: string;
}

/** The tiles' store in the build's cache folder: one PNG per entry, its record marked as a cell. */
export const cellStore = (cells: CellsAt): { store: CellStore; version: string } => ({ version: cells.version, store: blobStore(diskCache(cells.dir), 'png', { cell: true }) });

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

/**
 * One image's tile from the store, or drawn (and stored) when the store lacks it. `read` gives a file of the output:
 * the image's thumbnail when it has one, else the image itself.
 */
function tileOf(asset: TileAsset, read: (p: string) => Uint8Array | undefined, draw: () => Draw, cells: { store: CellStore; version: string } | undefined): { tile: Rgb; drawn: boolean } {
  const bytes = read(thumbPath(asset.path)) ?? read(asset.path);
  if (!bytes) throw new Error(`Internal error: 联系表缺少图片 ${asset.path}`);
  const { w, h } = pngSize(bytes);
  const scale = Math.min((CELL_W - 12) / w, IMG_H / h, 1);
  const dw = Math.max(1, Math.round(w * scale));
  const dh = Math.max(1, Math.round(h * scale));
  const labels = [asset.path.split('/').pop() ?? '', `${asset.width}x${asset.height}`] as const;
  const key = cells && tileKey(bytes, dw, dh, labels, cells.version);
  const stored = key ? cells.store.get(key) : undefined;
  const tile = stored && decodeRgbPng(stored);
  if (tile && tile.width === CELL_W && tile.height === TILE_H) return { tile, drawn: false };
  const drawn = draw()(tileSvg(bytes, dw, dh, labels));
  if (key) cells.store.put(key, encodeRgbPng(drawn, 1));
  return { tile: drawn, drawn: true };
}

/**
 * Draws into the store the tiles of freshly rendered images that it lacks, where they were rendered: a render worker
 * does this beside its renders (render-task.ts), so the sheet, drawn once every render is done, finds them there.
 * `fontFiles` gives the label fonts as files (resvg-js reads fonts only from files), asked for only when a tile is drawn.
 */
export function storeTiles(assets: readonly TileAsset[], read: (p: string) => Uint8Array | undefined, fontFiles: () => readonly string[], cells: { store: CellStore; version: string }): void {
  let draw: Draw | undefined;
  for (const asset of assets) tileOf(asset, read, () => (draw ??= drawer(fontFiles())), cells);
}

/** A text band's cache key: its SVG, its size, and the version of the code and fonts that draw it. */
const bandKey = (width: number, height: number, band: string, version: string) => sha256(JSON.stringify(['sheet-band', 1, version, width, height, band]));

/** What goes where on a sheet: text bands drawn each time, and image tiles. */
type Piece = { readonly y: number; readonly band: string; readonly height: number } | { readonly y: number; readonly x: number; readonly asset: ManifestAsset };

/**
 * The contact sheet of one edition-year: a title, then per profile a heading and its images in rows of 12, each
 * labelled. `read` gives a file of the staged output (an image's thumbnail when it has one); `cells` keeps the tiles
 * between builds. Drawn as text bands and tiles by resvg, put together as RGB rows and encoded with native zlib.
 */
export async function renderContactSheet(
  campaign: Campaign,
  assets: readonly ManifestAsset[],
  read: (p: string) => Uint8Array | undefined,
  subsets: Readonly<Record<keyof Fonts['subsets'], Uint8Array>>,
  cells?: { store: CellStore; version: string },
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
  // The sheet as PNG scanlines: filter byte 0, then RGB; white until a piece is put on it.
  const stride = width * 3 + 1;
  const raw = new Uint8Array(stride * height).fill(255);
  for (let row = 0; row < height; row++) raw[row * stride] = 0;
  const put = (image: Rgb, x: number, top: number) => {
    const w = Math.min(image.width, width - x) * 3;
    for (let r = 0; r < image.height && top + r < height; r++) raw.set(image.data.subarray(r * image.width * 3, r * image.width * 3 + w), (top + r) * stride + 1 + x * 3);
  };
  // resvg-js for Node reads fonts only from files: the build's subset fonts go into a private temp folder, made only
  // when something is drawn (an edit finds every tile and band of the sheet in the cache).
  let dir: string | undefined;
  let draw: Draw | undefined;
  const drawing = () => (draw ??= drawer(labelFontFiles((dir = mkdtempSync(path.join(tmpdir(), 'qmkit-sheet-'))), subsets)));
  try {
    let made = 0;
    for (const piece of pieces) {
      if ('band' in piece) {
        // The title and the profiles' headings are kept like the tiles: the same text draws the same pixels.
        const key = cells && bandKey(width, piece.height, piece.band, cells.version);
        const stored = key ? cells.store.get(key) : undefined;
        let band = stored && decodeRgbPng(stored);
        if (!band || band.width !== width || band.height !== piece.height) {
          band = drawing()(svgOf(width, piece.height, piece.band));
          if (key) cells.store.put(key, encodeRgbPng(band, 1));
        }
        put(band, 0, piece.y);
        continue;
      }
      const { tile, drawn } = tileOf(piece.asset, read, drawing, cells);
      // Each drawing leaves its image and pixmap in resvg's native memory until the wrappers are collected (~0.1 MB
      // a tile: 278 of the 2022 kit's thumbnails grew RSS by 25 MiB), which no heap limit would ever trigger.
      if (drawn && relax && ++made % TILES_PER_RELAX === 0) await relax();
      put(tile, piece.x, piece.y);
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return encodeRaw(width, height, raw, 3);
}
