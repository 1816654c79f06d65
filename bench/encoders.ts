// Item 7 of issue 6: PNG encoders compared on the real SVGs of the benchmark kit. For each size class it
// rasterises a few posters once with resvg, then encodes the same pixels with each candidate: time (median of 3),
// bytes, the largest per-channel difference from resvg's pixels over the whole image, and whether two encodes give
// the same bytes. sharp, upng-js and fast-png are optional (not dependencies of the project); to include them:
//   npm install --no-save sharp upng-js fast-png && npx tsx bench/encoders.ts [--per-class 3]
import { Resvg } from '@resvg/resvg-js';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { encodePalettePng, paletteScanlines } from '../src/render/rasterise.ts';
import { layoutJob, toSvg } from '../src/render/render.ts';
import { THUMB_MAX_PX } from '../src/render/plan.ts';
import { benchJobs, fmt, median, sizeClass, table } from './common.ts';

const { values: opts } = parseArgs({ options: { 'per-class': { type: 'string', default: '3' } } });
const PER_CLASS = Number(opts['per-class']);
const require = createRequire(import.meta.url);
const optional = <T>(name: string): T | undefined => {
  try {
    return require(name) as T;
  } catch {
    return undefined;
  }
};

interface Image {
  width: number;
  height: number;
  rgba: Uint8Array;
  asPng(): Uint8Array;
}
type Encoder = (img: Image) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
function ihdr(w: number, h: number, colourType: number): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(w, 0);
  b.writeUInt32BE(h, 4);
  b[8] = 8;
  b[9] = colourType;
  return b;
}
/** Our exact palette scanlines with another zlib setting. */
function paletteWith(img: Image, options: Parameters<typeof deflateSync>[1]): Uint8Array | undefined {
  const p = paletteScanlines(img.width, img.height, img.rgba);
  if (!p) return undefined;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr(img.width, img.height, 3)), chunk('PLTE', p.palette), chunk('IDAT', deflateSync(p.scanlines, options)), chunk('IEND', new Uint8Array(0))]);
}
/** Truecolour without alpha, filter Up on every row, zlib at `level`. */
function rgbUp(img: Image, level: number): Uint8Array {
  const { width: w, height: h, rgba } = img;
  const stride = w * 3 + 1;
  const raw = Buffer.alloc(h * stride);
  for (let y = 0; y < h; y++) {
    raw[y * stride] = 2;
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        const v = rgba[(y * w + x) * 4 + c]!;
        const above = y ? rgba[((y - 1) * w + x) * 4 + c]! : 0;
        raw[y * stride + 1 + x * 3 + c] = (v - above) & 255;
      }
    }
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr(w, h, 2)), chunk('IDAT', deflateSync(raw, { level })), chunk('IEND', new Uint8Array(0))]);
}

const ENCODERS: [string, Encoder][] = [
  ["resvg asPng (RGBA, before)", (i) => i.asPng()],
  ['ours: exact palette, zlib RLE', (i) => encodePalettePng(i.width, i.height, i.rgba)],
  ['exact palette, zlib 1', (i) => paletteWith(i, { level: 1 })],
  ['exact palette, zlib 3', (i) => paletteWith(i, { level: 3 })],
  ['exact palette, zlib 6', (i) => paletteWith(i, { level: 6 })],
  ['exact palette, zlib 9', (i) => paletteWith(i, { level: 9 })],
  ['RGB, filter Up, zlib 6', (i) => rgbUp(i, 6)],
];

type Sharp = (input: Uint8Array, o: { raw: { width: number; height: number; channels: 4 } }) => { removeAlpha(): { png(o: Record<string, unknown>): { toBuffer(): Promise<Buffer> } } };
const sharp = optional<Sharp & { concurrency(n: number): void; cache(b: boolean): void }>('sharp');
if (sharp) {
  sharp.concurrency(1);
  sharp.cache(false);
  const png = (i: Image, o: Record<string, unknown>) => sharp(i.rgba, { raw: { width: i.width, height: i.height, channels: 4 } }).removeAlpha().png(o).toBuffer();
  ENCODERS.push(
    ['sharp palette q100 c6', (i) => png(i, { palette: true, quality: 100, colours: 256, dither: 0, compressionLevel: 6, effort: 1 })],
    ['sharp palette q100 c9', (i) => png(i, { palette: true, quality: 100, colours: 256, dither: 0, compressionLevel: 9, effort: 1 })],
    ['sharp RGB c6 no filter', (i) => png(i, { compressionLevel: 6, adaptiveFiltering: false })],
    ['sharp RGB c6 adaptive', (i) => png(i, { compressionLevel: 6, adaptiveFiltering: true })],
  );
}
const upng = optional<{ encode(bufs: ArrayBuffer[], w: number, h: number, cnum: number): ArrayBuffer }>('upng-js');
if (upng) ENCODERS.push(['upng-js lossless (cnum 0)', (i) => new Uint8Array(upng.encode([i.rgba.slice().buffer], i.width, i.height, 0))]);
const fastPng = optional<{ encode(d: { width: number; height: number; data: Uint8Array; channels: number; depth: 8 }): Uint8Array }>('fast-png');
if (fastPng) {
  ENCODERS.push([
    'fast-png RGB',
    (i) => {
      const rgb = new Uint8Array(i.width * i.height * 3);
      for (let a = 0, b = 0; a < i.rgba.length; a += 4, b += 3) rgb.set(i.rgba.subarray(a, a + 3), b);
      return fastPng.encode({ width: i.width, height: i.height, data: rgb, channels: 3, depth: 8 });
    },
  ]);
}
const missing = ['sharp', 'upng-js', 'fast-png'].filter((m) => !optional(m));

const { jobs, fonts } = await benchJobs();
const CLASSES = ['thumbnail 360', 'share ≤1200', '1080p', 'print A4', 'print A3'] as const;
const picks = CLASSES.map((cls) => {
  const of = jobs.filter((j) => (cls === 'thumbnail 360' ? sizeClass(j) === '1080p' : sizeClass(j) === cls));
  // Spread the picks over the class (different profiles and texts).
  return { cls, jobs: Array.from({ length: Math.min(PER_CLASS, of.length) }, (_, k) => of[Math.floor((k * of.length) / PER_CLASS)]!) };
});

interface Row {
  encoder: string;
  sizeClass: string;
  images: number;
  ms: number;
  bytes: number;
  maxDelta: number;
  deterministic: boolean;
}
const rows: Row[] = [];
for (const { cls, jobs: picked } of picks) {
  const acc = new Map<string, { ms: number; bytes: number; maxDelta: number; deterministic: boolean; images: number }>();
  for (const job of picked) {
    const svg = await toSvg(layoutJob(job, fonts), fonts);
    const width = cls === 'thumbnail 360' ? THUMB_MAX_PX : job.width;
    const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false }, logLevel: 'off' }).render();
    const img: Image = { width: rendered.width, height: rendered.height, rgba: new Uint8Array(rendered.pixels), asPng: () => rendered.asPng() };
    for (const [name, encode] of ENCODERS) {
      const times: number[] = [];
      const outputs: Uint8Array[] = [];
      for (let r = 0; r < 3; r++) {
        const t = performance.now();
        const out = await encode(img);
        times.push(performance.now() - t);
        if (out) outputs.push(out);
      }
      if (outputs.length < 3) continue; // not applicable (e.g. more than 256 colours)
      const decoded = PNG.sync.read(Buffer.from(outputs[0]!));
      let maxDelta = decoded.width === img.width && decoded.height === img.height ? 0 : 255;
      for (let i = 0; i < img.rgba.length && maxDelta < 255; i++) maxDelta = Math.max(maxDelta, Math.abs(decoded.data[i]! - img.rgba[i]!));
      const a = acc.get(name) ?? { ms: 0, bytes: 0, maxDelta: 0, deterministic: true, images: 0 };
      a.ms += median(times);
      a.bytes += outputs[0]!.length;
      a.maxDelta = Math.max(a.maxDelta, maxDelta);
      a.deterministic &&= outputs.every((o) => Buffer.compare(Buffer.from(o), Buffer.from(outputs[0]!)) === 0);
      a.images++;
      acc.set(name, a);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const [encoder, a] of acc) rows.push({ encoder, sizeClass: cls, images: a.images, ms: a.ms / a.images, bytes: a.bytes / a.images, maxDelta: a.maxDelta, deterministic: a.deterministic });
}

writeFileSync(path.join(import.meta.dirname, 'encoders.json'), `${JSON.stringify({ date: new Date().toISOString(), perClass: PER_CLASS, rows }, null, 2)}\n`);
for (const cls of CLASSES) {
  const of = rows.filter((r) => r.sizeClass === cls);
  const base = of[0]!;
  console.log(`\n${cls} (${base.images} images; ms = median of 3 encodes, per image)`);
  console.log(
    table([
      ['encoder', 'ms', 'KiB', 'time ×', 'bytes ×', 'max Δ', 'same bytes twice'],
      ...of.map((r) => [r.encoder, fmt(r.ms, 1), fmt(r.bytes / 1024, 1), fmt(r.ms / base.ms, 2), fmt(r.bytes / base.bytes, 2), r.maxDelta, r.deterministic ? 'yes' : 'NO']),
    ]),
  );
}
if (missing.length) console.log(`\n(not installed, skipped: ${missing.join(', ')}; npm install --no-save ${missing.join(' ')} to include them)`);
