import type { Rgba } from '../../src/audit/qr-decode.ts';
import { deepFreeze, type Campaign, type Site } from '../../src/campaign/model.ts';
import type { FontFiles, Fonts } from '../../src/render/fonts.ts';
import { buildFonts, loadFontFiles } from '../../src/render/fonts-node.ts';
import { jobTexts } from '../../src/render/render.ts';
import type { RenderJob } from '../../src/render/job.ts';

/** A sample campaign built in code (sample: true, so every image shows 示例). Texts are test-only. */
export function sampleCampaign(over: Partial<Campaign> = {}): Campaign {
  return deepFreeze({
    year: 2024,
    edition: 'national',
    editionName: '全国',
    title: '关于开展2024年全国“质量月”活动的通知（测试）',
    issuer: '市场监管总局等20个部门',
    theme: '加强质量支撑 共建质量强国',
    slogans: ['提升产品、工程和服务质量 推动经济高质量发展', '质量发展 利民惠民'],
    focusAreas: [],
    keyEvents: [],
    requirements: [],
    organizers: [],
    source: { file: 'test.txt' },
    sample: true,
    ...over,
  });
}

export const SITE: Site = deepFreeze({ title: '测试', baseUrl: 'https://zlyue.example.gov.cn/', pathPrefix: '/', defaultEdition: 'national' });
export const LOCAL_SITE: Site = deepFreeze({ title: '测试', pathPrefix: '/', defaultEdition: 'national' });

let files: FontFiles | undefined;
/** The full font files, read once per test file. */
export function fontFiles(): FontFiles {
  files ??= loadFontFiles();
  return files;
}

export async function fontsFor(jobs: readonly RenderJob[], extra: string[] = []): Promise<Fonts> {
  return buildFonts([...jobs.flatMap(jobTexts), ...extra.map((text) => ({ role: '口号' as const, text }))], fontFiles());
}

// The same PNG decoding and QR decoders the build's audit uses.
export { decodeJsQr, decodePng, decodeZxing, downscale, type Rgba } from '../../src/audit/qr-decode.ts';

/** Distinct #RRGGBB colours of an image (alpha ignored). */
export function distinctColours(img: Rgba): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < img.width * img.height; i++) out.add(((img.data[i * 4]! << 16) | (img.data[i * 4 + 1]! << 8) | img.data[i * 4 + 2]!).toString(16).padStart(6, '0'));
  return out;
}

/** Parses an uncompressed indexed BMP (BITMAPINFOHEADER) into its header fields, palette and RGBA pixels. */
export function parseBmp(bytes: Uint8Array): { header: Record<string, number>; palette: string[]; img: Rgba } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = {
    magic: v.getUint16(0, false),
    fileSize: v.getUint32(2, true),
    offset: v.getUint32(10, true),
    infoSize: v.getUint32(14, true),
    width: v.getInt32(18, true),
    height: v.getInt32(22, true),
    planes: v.getUint16(26, true),
    bits: v.getUint16(28, true),
    compression: v.getUint32(30, true),
    imageSize: v.getUint32(34, true),
    colours: v.getUint32(46, true),
  };
  const palette: [number, number, number][] = [];
  for (let i = 0; i < header.colours; i++) {
    const o = 14 + header.infoSize + i * 4;
    palette.push([bytes[o + 2]!, bytes[o + 1]!, bytes[o]!]);
  }
  const stride = Math.ceil((header.width * header.bits) / 32) * 4;
  const data = new Uint8Array(header.width * header.height * 4);
  for (let y = 0; y < header.height; y++) {
    const row = header.offset + (header.height - 1 - y) * stride;
    for (let x = 0; x < header.width; x++) {
      const bitPos = x * header.bits;
      const byte = bytes[row + (bitPos >> 3)]!;
      const index = (byte >> (8 - header.bits - (bitPos & 7))) & ((1 << header.bits) - 1);
      const [r, g, b] = palette[index]!;
      data.set([r, g, b, 255], (y * header.width + x) * 4);
    }
  }
  return { header, palette: palette.map((c) => c.map((n) => n.toString(16).padStart(2, '0')).join('').toUpperCase()), img: { width: header.width, height: header.height, data } };
}
