import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.ts';
import { manifestEntries } from '../../src/render/manifest.ts';
import { planJobs } from '../../src/render/plan.ts';
import { findProfile } from '../../src/render/profiles.ts';
import QRCode from 'qrcode';
import { downscale } from '../../src/audit/qr-decode.ts';
import { rasterTile } from '../../src/render/qr-mask.ts';
import { QUIET_MODULES, qrMatrix, qrSvg, shortUrl, tileModules, urlLines, urlPieces } from '../../src/render/qr.ts';
import { sampleCampaign, SITE } from './helpers.ts';

// Every URL character counted as 1 unit wide.
const chars = (s: string) => s.length;

describe('QR helpers', () => {
  it('refuses a non-ASCII payload (node-qrcode writes UTF-8 without ECI)', () => {
    expect(() => qrMatrix('https://质量月.中国/')).toThrow(RenderError);
  });

  it('draws whole-pixel modules inside a tile with a 4-module quiet zone', () => {
    const m = qrMatrix('https://zlyue.example.gov.cn/national/2022/s/1/');
    expect(tileModules(m)).toBe(m.size + 2 * QUIET_MODULES);
    const svg = qrSvg(m, 10, 20, 5, '#0B2F6B', '#FFFFFF');
    expect(svg).toContain(`<rect x="10" y="20" width="${tileModules(m) * 5}" height="${tileModules(m) * 5}" fill="#FFFFFF"/>`);
    // The first dark module (top-left finder) starts right after the quiet zone.
    expect(svg).toContain(`M${10 + 4 * 5} ${20 + 4 * 5}h`);
    expect(svg).not.toMatch(/\d\.\d/);
  });

  it.each([
    ['https://zlyue.example.gov.cn/national/2022/s/6/', 'zlyue.example.gov.cn/national/2022/s/6/'],
    ['http://localhost:8080/national/2022/', 'localhost:8080/national/2022/'],
  ])('prints %s as %s', (url, short) => {
    expect(shortUrl(url)).toBe(short);
  });

  it('breaks a URL after / first, inside the host only if needed, without orphans', () => {
    expect(urlPieces('localhost:8080/national/2022/s/6/')).toEqual(['localhost:', '8080/', 'national/', '2022/', 's/', '6/']);
    expect(urlLines('localhost:8080/national/2022/s/6/', 16, chars)).toEqual(['localhost:8080/', 'national/', '2022/s/6/']);
    expect(urlLines('zlyue.example.gov.cn/national/2022/', 21, chars)).toEqual(['zlyue.example.gov.cn/', 'national/2022/']);
    expect(urlLines('zlyue.example.gov.cn/national/2022/', 14, chars)).toEqual(['zlyue.example.', 'gov.cn/', 'national/2022/']);
  });
});

describe('mask choice', () => {
  it('a 12 px tile halved is the 6 px tile, pixel for pixel (so the mask check reads it once)', () => {
    const { modules } = QRCode.create('https://zlgy.example.cn/national/2022/s/12/', { errorCorrectionLevel: 'M' });
    const half = downscale(rasterTile(modules, 12), 2);
    const six = rasterTile(modules, 6);
    expect([half.width, half.height]).toEqual([six.width, six.height]);
    expect(Buffer.from(half.data).equals(Buffer.from(six.data))).toBe(true);
    // …and not every halving is a smaller tile: 5 px modules halve into blurred edges.
    const blurred = downscale(rasterTile(modules, 5), 2);
    expect(blurred.data.some((v) => v !== 0 && v !== 255)).toBe(true);
  });
});

describe('manifest entries', () => {
  it('list the PNG (naming its BMP and GIF twins), and the BMP and scrolling GIF of an LED strip, each with its own hash and format', () => {
    const [job] = planJobs(sampleCampaign(), SITE, [findProfile('transit-bus-led')!]);
    const entries = manifestEntries(job!, { bytes: new Uint8Array([1]), bmp: new Uint8Array([2]), gif: new Uint8Array([3]), width: 584, height: 32 });
    const head = { edition: 'national', year: 2024, kind: 'led-strip', profile: 'transit-bus-led' };
    const tail = { text: '示例：加强质量支撑 共建质量强国', url: null };
    expect(entries).toEqual([
      { ...head, width: 584, height: 32, path: 'assets/national/2024/transit-bus-led/theme-strip.png', format: 'png', sha256: '4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a', ...tail, bmp: 'assets/national/2024/transit-bus-led/theme-strip.bmp', gif: 'assets/national/2024/transit-bus-led/theme-strip.gif' },
      { ...head, width: 584, height: 32, path: 'assets/national/2024/transit-bus-led/theme-strip.bmp', format: 'bmp', sha256: 'dbc1b4c900ffe48d575b5da5c638040125f65db0fe3e24494b76ea986457d986', ...tail },
      // The GIF is the panel's size: its frames are windows onto the strip.
      { ...head, width: 128, height: 32, path: 'assets/national/2024/transit-bus-led/theme-strip.gif', format: 'gif', sha256: '084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5', ...tail },
    ]);
  });

  it('list the print PDF of an A4 poster with its paper size and bleed', () => {
    const [job] = planJobs(sampleCampaign(), SITE, [findProfile('print-a4')!]);
    const entries = manifestEntries(job!, { bytes: new Uint8Array([1]), pdf: new Uint8Array([4]), width: 2480, height: 3508 });
    expect(entries.map((e) => [e.path, e.format])).toEqual([
      ['assets/national/2024/print-a4/theme.png', 'png'],
      ['assets/national/2024/print-a4/theme.pdf', 'pdf'],
    ]);
    expect(entries[1]).toMatchObject({ kind: 'theme', profile: 'print-a4', width: 2480, height: 3508, trimMm: [210, 297], bleedMm: 3 });
    expect(entries[0]).not.toHaveProperty('trimMm');
    expect(entries[0]).toMatchObject({ pdf: 'assets/national/2024/print-a4/theme.pdf' });
  });
});
