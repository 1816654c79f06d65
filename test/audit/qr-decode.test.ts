// The QR check decodes only the pixels around the code (decodePngRegion) and downscales them: both must give the
// same pixels as decoding the whole PNG, cropping and box-filtering naively.
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { crop, decodePng, decodePngRegion, downscale, type Rgba } from '../../src/audit/qr-decode.ts';
import { encodePalettePng } from '../../src/render/rasterise.ts';

function image(width: number, height: number, colours: number, seed: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % colours;
  for (let i = 0; i < width * height; i++) {
    const c = rand();
    rgba.set([(c * 37) & 255, (c * 91) & 255, (c * 53) & 255, 255], i * 4);
  }
  return rgba;
}

function naiveDownscale(img: Rgba, f: number): Rgba {
  const width = Math.floor(img.width / f);
  const height = Math.floor(img.height / f);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) sum += img.data[((y * f + dy) * img.width + x * f + dx) * 4 + c]!;
        data[(y * width + x) * 4 + c] = Math.round(sum / (f * f));
      }
  return { width, height, data };
}

describe('decodePngRegion', () => {
  const w = 67;
  const h = 41;
  const rgba = image(w, h, 40, 7);
  const pngs = {
    palette: encodePalettePng(w, h, rgba)!,
    rgba: encode({ width: w, height: h, data: rgba, channels: 4, depth: 8 }),
  };
  it.each(Object.keys(pngs))('%s PNG: a region equals the crop of the whole image, clamped at the edges', (kind) => {
    const png = pngs[kind as keyof typeof pngs];
    const whole = decodePng(png);
    expect(whole.data).toEqual(rgba);
    for (const [x, y, cw, ch] of [[0, 0, w, h], [5, 3, 20, 11], [-4.5, -2, 30, 30], [50.2, 30.7, 40, 40]] as const) {
      expect(decodePngRegion(png, x, y, cw, ch)).toEqual(crop(whole, x, y, cw, ch));
    }
  });
  it('downscale is the box filter', () => {
    const img = decodePng(pngs.rgba);
    for (const f of [2, 3]) expect(downscale(img, f)).toEqual(naiveDownscale(img, f));
  });
});
