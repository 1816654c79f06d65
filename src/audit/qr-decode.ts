import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import jsQRModule from 'jsqr';
import { convertIndexedToRgb, decode } from 'fast-png';

// Two independent QR decoders: each misses some valid codes that the other reads, so a card must pass both.

export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A palette or 8-bit PNG (ours are palette or RGBA) as RGBA pixels. Pure JS, so the browser's audit decodes the same way. */
export function decodePng(bytes: Uint8Array): Rgba {
  const png = decode(bytes);
  if (png.depth !== 8 && !png.palette) throw new Error(`unsupported PNG bit depth ${png.depth}`);
  const { width, height } = png;
  const src = png.palette ? convertIndexedToRgb(png) : png.data;
  const channels = src.length / (width * height);
  if (channels === 4) return { width, height, data: new Uint8Array(src.buffer, src.byteOffset, src.byteLength) };
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const grey = channels < 3;
    data[i * 4] = src[j]!;
    data[i * 4 + 1] = src[grey ? j : j + 1]!;
    data[i * 4 + 2] = src[grey ? j : j + 2]!;
    data[i * 4 + 3] = channels === 2 ? src[j + 1]! : 255;
  }
  return { width, height, data };
}

/** Box-filter downscale by an integer factor (2 = the 50 % check). */
export function downscale(img: Rgba, factor: number): Rgba {
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const data = new Uint8Array(width * height * 4);
  const n = factor * factor;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += img.data[((y * factor + dy) * img.width + x * factor + dx) * 4 + c]!;
        data[(y * width + x) * 4 + c] = Math.round(sum / n);
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
