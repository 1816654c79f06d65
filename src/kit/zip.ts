import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';
import { deflateSync } from 'fflate';
import { zipLevel } from '../pack-readme.ts';
import { sha256 } from './hash.ts';

/** Deflated entries of earlier packs, by key (the build's cache): a pack that changes one file re-deflates only it. */
export interface DeflateStore {
  get(key: string): Uint8Array | undefined;
  put(key: string, bytes: Uint8Array): void;
}

const FFLATE_VERSION = (createRequire(import.meta.url)('fflate/package.json') as { version: string }).version;

/** What one entry's deflated bytes are cached under: the compressor, its level and the bytes in. */
const deflateKey = (bytes: Uint8Array, level: number) => sha256(JSON.stringify(['zip-deflate', 1, FFLATE_VERSION, level, sha256(bytes)]));

/** Made on Unix (os 3); regular-file permissions 0644. */
const MADE_BY_UNIX = 3;
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/** The MS-DOS date and time of a ZIP entry, from the date's local components (DOS times carry no zone). */
function dosDateTime(date: Date): number {
  const y = date.getFullYear() - 1980;
  if (y < 0 || y > 119) throw new Error(`Internal error: a ZIP date must be in 1980–2099, got ${date.getFullYear()}`);
  return ((y << 25) | ((date.getMonth() + 1) << 21) | (date.getDate() << 16) | (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1)) >>> 0;
}

/**
 * A deterministic ZIP: entries in the given order, every timestamp the same fixed local date, each entry at its
 * zipLevel (stored for PNG, PDF and GIF, which are compressed already; deflated by fflate otherwise).
 *
 * The bytes are exactly those of fflate's zipSync with the same entries and options (a test holds them to it). It is
 * written here only to take two costs out of every build that re-zips a pack: the CRC-32 of each entry comes from
 * node:zlib (native) instead of fflate's JavaScript (~0.1 s over the 2022 packs' 20 MB), and with `store` an
 * unchanged entry's deflated bytes come from the cache instead of being deflated again (~0.2 s for the 2022 kit's
 * LED bitmaps). A name that is not ASCII sets the UTF-8 flag, so Info-ZIP's unzip does not read the Chinese names as
 * an MS-DOS code page.
 */
export function makeZip(entries: ReadonlyArray<{ name: string; bytes: Uint8Array }>, date: Date, store?: DeflateStore): Uint8Array {
  const time = dosDateTime(date);
  const encoder = new TextEncoder();
  const files = entries.map(({ name, bytes }) => {
    const level = zipLevel(name);
    let data = bytes;
    if (level > 0) {
      const key = store && deflateKey(bytes, level);
      const cached = key ? store.get(key) : undefined;
      data = cached ?? deflateSync(bytes, { level });
      if (key && !cached) store.put(key, data);
    }
    const fileName = encoder.encode(name);
    if (fileName.length > 0xffff) throw new Error(`Internal error: ZIP entry name too long: ${name}`);
    return { fileName, utf8: fileName.length !== name.length, method: level > 0 ? 8 : 0, crc: crc32(bytes) >>> 0, size: bytes.length, data };
  });
  const localSize = files.reduce((n, f) => n + 30 + f.fileName.length + f.data.length, 0);
  const centralSize = files.reduce((n, f) => n + 46 + f.fileName.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  // The fields a local header and a central-directory record share, from `at` (version needed … name length).
  const common = (at: number, f: (typeof files)[number]) => {
    view.setUint16(at, 20, true); // version needed to extract: 2.0
    view.setUint16(at + 2, f.utf8 ? 0x800 : 0, true); // general purpose flags: bit 11, UTF-8 names
    view.setUint16(at + 4, f.method, true);
    view.setUint32(at + 6, time, true);
    view.setUint32(at + 10, f.crc, true);
    view.setUint32(at + 14, f.data.length, true);
    view.setUint32(at + 18, f.size, true);
    view.setUint16(at + 22, f.fileName.length, true);
    // extra field length (at + 24): 0
  };
  let at = 0;
  const offsets: number[] = [];
  for (const f of files) {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    common(at + 4, f);
    out.set(f.fileName, at + 30);
    out.set(f.data, at + 30 + f.fileName.length);
    at += 30 + f.fileName.length + f.data.length;
  }
  files.forEach((f, i) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint8(at + 4, 20); // made by: version 2.0 …
    view.setUint8(at + 5, MADE_BY_UNIX); // … on Unix
    common(at + 6, f);
    // comment length, disk number, internal attributes (at + 32 … 37): 0
    view.setUint32(at + 38, FILE_ATTRS, true);
    view.setUint32(at + 42, offsets[i]!, true);
    out.set(f.fileName, at + 46);
    at += 46 + f.fileName.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, files.length, true);
  view.setUint16(at + 10, files.length, true);
  view.setUint32(at + 12, centralSize, true);
  view.setUint32(at + 16, localSize, true);
  return out;
}

/** The fixed date for generated files: SOURCE_DATE_EPOCH when set, else the given data date (YYYY-MM-DD). */
export function buildDate(dataDate: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) {
    const d = new Date(Number(epoch) * 1000);
    return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  }
  const [y, m, day] = dataDate.split('-').map(Number);
  return new Date(y ?? 1980, (m ?? 1) - 1, day ?? 1, 12, 0, 0);
}
