import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import jsQRModule from 'jsqr';
import { convertIndexedToRgb, decode } from 'fast-png';
import type { Memo } from '../render/platform.ts';

// Two independent QR decoders: each misses some valid codes that the other reads, so a card must pass both.

export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A palette or 8-bit PNG (ours are palette or RGBA) as RGBA pixels. Pure JS, so the browser's audit decodes the same way. */
export function decodePng(bytes: Uint8Array): Rgba {
  const png = decode(bytes);
  return pngRegion(png, 0, 0, png.width, png.height);
}

/**
 * The part of a PNG inside a rectangle (clamped to the image) as RGBA pixels: only that part is converted, so the
 * QR check of a share card costs the code's pixels, not the card's.
 */
export function decodePngRegion(bytes: Uint8Array, x: number, y: number, w: number, h: number): Rgba {
  return pngRegion(decode(bytes), x, y, w, h);
}

function pngRegion(png: ReturnType<typeof decode>, x: number, y: number, w: number, h: number): Rgba {
  if (png.palette && png.depth !== 8) {
    // Packed indices (1, 2 or 4 bits): fast-png unpacks the whole image (ours are 8-bit, so this is rare).
    const rgb = convertIndexedToRgb(png);
    return pngRegion({ ...png, data: rgb, depth: 8, channels: rgb.length / (png.width * png.height), palette: undefined }, x, y, w, h);
  }
  if (png.depth !== 8) throw new Error(`unsupported PNG bit depth ${png.depth}`);
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const width = Math.max(0, Math.min(png.width - x0, Math.ceil(w)));
  const height = Math.max(0, Math.min(png.height - y0, Math.ceil(h)));
  const src = png.data as Uint8Array;
  const data = new Uint8Array(width * height * 4);
  if (png.palette) {
    // Index → RGBA through a 32-bit table: one lookup per pixel.
    const table = new Uint8Array(256 * 4);
    png.palette.forEach((entry, i) => table.set([entry[0]!, entry[1]!, entry[2]!, entry.length > 3 ? entry[3]! : 255], i * 4));
    for (let row = 0; row < height; row++) {
      const from = (y0 + row) * png.width + x0;
      for (let col = 0, out = row * width * 4; col < width; col++, out += 4) {
        const at = src[from + col]! * 4;
        data[out] = table[at]!;
        data[out + 1] = table[at + 1]!;
        data[out + 2] = table[at + 2]!;
        data[out + 3] = table[at + 3]!;
      }
    }
    return { width, height, data };
  }
  const channels = png.channels;
  const grey = channels < 3;
  for (let row = 0; row < height; row++) {
    for (let col = 0, out = row * width * 4; col < width; col++, out += 4) {
      const j = ((y0 + row) * png.width + x0 + col) * channels;
      data[out] = src[j]!;
      data[out + 1] = src[grey ? j : j + 1]!;
      data[out + 2] = src[grey ? j : j + 2]!;
      data[out + 3] = channels === 4 ? src[j + 3]! : channels === 2 ? src[j + 1]! : 255;
    }
  }
  return { width, height, data };
}

/** Box-filter downscale by an integer factor (2 = the 50 % check). */
export function downscale(img: Rgba, factor: number): Rgba {
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const data = new Uint8Array(width * height * 4);
  const n = factor * factor;
  const sums = new Uint32Array(width * 4);
  const src = img.data;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let at = (y * factor + dy) * img.width * 4;
      for (let x = 0; x < width; x++)
        for (let dx = 0; dx < factor; dx++, at += 4) {
          sums[x * 4]! += src[at]!;
          sums[x * 4 + 1]! += src[at + 1]!;
          sums[x * 4 + 2]! += src[at + 2]!;
          sums[x * 4 + 3]! += src[at + 3]!;
        }
    }
    for (let i = 0, out = y * width * 4; i < width * 4; i++) data[out + i] = Math.round(sums[i]! / n);
  }
  return { width, height, data };
}

/** The part of an image inside a rectangle (decoding a crop around the code is what a phone camera does). */
export function crop(img: Rgba, x: number, y: number, w: number, h: number): Rgba {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const width = Math.min(img.width - x0, Math.ceil(w));
  const height = Math.min(img.height - y0, Math.ceil(h));
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) data.set(img.data.subarray(((y0 + row) * img.width + x0) * 4, ((y0 + row) * img.width + x0 + width) * 4), row * width * 4);
  return { width, height, data };
}

// jsqr is CommonJS: its module object is the function (its typings declare an ES default export).
const jsQR = jsQRModule as unknown as (data: Uint8ClampedArray, w: number, h: number, o?: { inversionAttempts: string }) => { data: string } | null;

export function decodeJsQr(img: Rgba): string | undefined {
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height, { inversionAttempts: 'dontInvert' })?.data;
}

export function decodeZxing(img: Rgba): string | undefined {
  const luminance = new Uint8ClampedArray(img.width * img.height);
  for (let i = 0; i < luminance.length; i++) luminance[i] = Math.round(0.299 * img.data[i * 4]! + 0.587 * img.data[i * 4 + 1]! + 0.114 * img.data[i * 4 + 2]!);
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, img.width, img.height)));
  try {
    return new QRCodeReader().decode(bitmap, new Map([[DecodeHintType.TRY_HARDER, true]])).getText();
  } catch {
    return undefined;
  }
}

/** Where the code is drawn on a card (QrPlacement's geometry). */
export interface QrTile {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** How a card's code read: the URL it was checked against, what each attempt missed, and the attempts made. */
export interface QrReading {
  readonly url: string;
  readonly misses: readonly string[];
  readonly tries: readonly string[];
}

/**
 * Reads a card's code as a phone camera framing it would see it: the tile with its quiet zone and a margin of the
 * card around it (scanning the whole card at once, ZXing's finder search can lock onto 品 or 回), at full size and
 * halved, with both decoders. `misses` is empty when all four read `url`. The render uses it
 * to choose the mask (render.ts) and the audit to report it (check-asset.ts): one check, the same bytes.
 */
export function readQrCard(png: Uint8Array, tile: QrTile, url: string): QrReading {
  const r = qrCardRegion(tile);
  let img: Rgba;
  try {
    img = decodePngRegion(png, r.x, r.y, r.w, r.h);
  } catch (e) {
    return { url, misses: [`图片无法解码（${(e as Error).message}）`], tries: [] };
  }
  return readQrImage(img, url);
}

/** The part of a card readQrCard reads: the tile and a margin of 15 % of its side all round. */
export function qrCardRegion(tile: QrTile): QrTile {
  const margin = tile.w * 0.15;
  return { x: tile.x - margin, y: tile.y - margin, w: tile.w + 2 * margin, h: tile.h + 2 * margin };
}

/**
 * readQrCard on pixels already decoded: `img` is the card's qrCardRegion (clamped to the card). The render reads the
 * pixels it has just drawn, before they are encoded (the same pixels as the PNG's: its palette is exact).
 */
export function readQrImage(img: Rgba, url: string, memo?: Memo): QrReading {
  // A pure function of the pixels and the URL: with a memo, the same pixels are not decoded again.
  const key = ['qr-read', url, `${img.width}x${img.height}`, img.data];
  const stored = memo && storedReading(memo.get(key));
  if (stored) return { url, ...stored };
  const tries: [string, Rgba][] = [['原尺寸', img], ['缩小 50%', downscale(img, 2)]];
  const misses: string[] = [];
  for (const [label, image] of tries) {
    const a = decodeJsQr(image);
    const b = decodeZxing(image);
    if (a !== url) misses.push(`${label} jsQR ${a === undefined ? '未识别' : `读出 ${a}`}`);
    if (b !== url) misses.push(`${label} ZXing ${b === undefined ? '未识别' : `读出 ${b}`}`);
  }
  const reading = { url, misses, tries: tries.map(([l]) => l) };
  memo?.put(key, JSON.stringify({ misses: reading.misses, tries: reading.tries }));
  return reading;
}

/** A reading kept in a memo, or undefined when the text is not one. */
function storedReading(text: string | undefined): Omit<QrReading, 'url'> | undefined {
  if (text === undefined) return undefined;
  try {
    const { misses, tries } = JSON.parse(text) as { misses?: unknown; tries?: unknown };
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
    return strings(misses) && strings(tries) ? { misses, tries } : undefined;
  } catch {
    return undefined;
  }
}
