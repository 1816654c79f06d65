import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { Campaign } from '../campaign/model.ts';
import { FONT_FAMILY, type Fonts } from '../render/fonts.ts';
import { PROFILES } from '../render/profiles.ts';
import { sha256 } from './hash.ts';
import type { ManifestAsset } from './manifest.ts';
import { thumbPath } from '../urls.ts';

// One PNG per edition-year with every image as a labelled thumbnail, for a person to look over the whole kit at once.

const CELL_W = 200;
const IMG_H = 150;
const LABEL_H = 40;
const COLS = 12;
const PAD = 16;
const HEAD_H = 56;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function pngSize(bytes: Uint8Array): { w: number; h: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { w: view.getUint32(16), h: view.getUint32(20) };
}

/** Cells of earlier sheets (the build's cache), under cellKey. */
export interface CellStore {
  get(key: string): Uint8Array | undefined;
  put(key: string, png: Uint8Array): void;
}

/** A cell's cache key: the image it is scaled from, its size and the version of the code that scales it. */
export const cellKey = (source: Uint8Array, dw: number, dh: number, version: string) => sha256(JSON.stringify(['sheet-cell', 1, version, sha256(source), dw, dh]));

/**
 * One image scaled to its cell, as a PNG: exactly what the sheet would draw from the image itself, so that a sheet
 * drawn from cells has the same pixels whether they were cached or made now. An edit that changes 20 of the 2022
 * kit's 338 images scales only those 20, and the sheet no longer decodes and scales 338 thumbnails (~0.5 s).
 */
export function renderCell(source: Uint8Array, dw: number, dh: number): Uint8Array {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${dw}" height="${dh}" viewBox="0 0 ${dw} ${dh}"><image width="${dw}" height="${dh}" href="data:image/png;base64,${Buffer.from(source).toString('base64')}"/></svg>`;
  return new Uint8Array(new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' }).render().asPng());
}

/** Cells scaled between two calls of a sheet's `relax` (which lets the caller free what they left in native memory). */
const CELLS_PER_RELAX = 32;

export async function renderContactSheet(
  campaign: Campaign,
  assets: readonly ManifestAsset[],
  read: (p: string) => Uint8Array | undefined,
  subsets: Readonly<Record<keyof Fonts['subsets'], Uint8Array>>,
  cells?: { store: CellStore; version: string },
  relax?: () => Promise<void>,
): Promise<Uint8Array> {
  const pngs = assets.filter((a) => a.path.endsWith('.png'));
  const parts: string[] = [];
  let y = PAD;
  const title = `${campaign.year}年${campaign.editionName}“质量月” 主题 ${campaign.theme}${campaign.sample ? ' 示例' : ''}`;
  parts.push(`<text x="${PAD}" y="${y + 36}" font-size="32" font-weight="700" fill="#0B2F6B">${esc(title)}</text>`);
  y += HEAD_H;
  let made = 0;
  for (const profile of PROFILES) {
    const mine = pngs.filter((a) => a.profile === profile.id);
    if (mine.length === 0) continue;
    parts.push(`<text x="${PAD}" y="${y + 24}" font-size="22" font-weight="700" fill="#0B2F6B">${esc(`${profile.id} ${profile.width}x${profile.height}`)}</text>`);
    y += 36;
    for (const [i, asset] of mine.entries()) {
      const col = i % COLS;
      if (i > 0 && col === 0) y += IMG_H + LABEL_H;
      const x = PAD + col * CELL_W;
      const bytes = read(thumbPath(asset.path)) ?? read(asset.path);
      if (!bytes) throw new Error(`Internal error: 联系表缺少图片 ${asset.path}`);
      const { w, h } = pngSize(bytes);
      const scale = Math.min((CELL_W - 12) / w, IMG_H / h, 1);
      const dw = Math.max(1, Math.round(w * scale));
      const dh = Math.max(1, Math.round(h * scale));
      const key = cells && cellKey(bytes, dw, dh, cells.version);
      let cell = key ? cells.store.get(key) : undefined;
      if (!cell) {
        cell = renderCell(bytes, dw, dh);
        if (key) cells.store.put(key, cell);
        // Each scaling leaves its image and pixmap in resvg's native memory until the wrappers are collected (~0.1 MB
        // a cell: 278 of the 2022 kit's thumbnails grew RSS by 25 MiB), which no heap limit would ever trigger.
        if (relax && ++made % CELLS_PER_RELAX === 0) await relax();
      }
      const href = `data:image/png;base64,${Buffer.from(cell).toString('base64')}`;
      parts.push(`<rect x="${x}" y="${y}" width="${CELL_W - 12}" height="${IMG_H}" fill="#EEF1F6"/>`);
      parts.push(`<image x="${x + Math.round((CELL_W - 12 - dw) / 2)}" y="${y + Math.round((IMG_H - dh) / 2)}" width="${dw}" height="${dh}" href="${href}"/>`);
      const name = asset.path.split('/').pop() ?? '';
      parts.push(`<text x="${x}" y="${y + IMG_H + 18}" font-size="14" fill="#222">${esc(name)}</text>`);
      parts.push(`<text x="${x}" y="${y + IMG_H + 34}" font-size="12" fill="#555">${esc(`${asset.width}x${asset.height}`)}</text>`);
    }
    y += IMG_H + LABEL_H + 12;
  }
  const width = PAD * 2 + COLS * CELL_W;
  const height = y + PAD;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#fff"/><g font-family="${FONT_FAMILY}">${parts.join('')}</g></svg>`;
  // resvg-js for Node reads fonts only from files: hand it the build's subset fonts through a private temp folder.
  const dir = mkdtempSync(path.join(tmpdir(), 'qmkit-sheet-'));
  try {
    const fontFiles = ([500, 700] as const).map((w) => {
      const file = path.join(dir, `${w}.ttf`);
      writeFileSync(file, subsets[w]);
      return file;
    });
    const resvg = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY }, logLevel: 'off' });
    return new Uint8Array(resvg.render().asPng());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
