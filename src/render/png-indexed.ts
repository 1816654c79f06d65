import { deflate } from 'pako';

// A minimal indexed-colour PNG encoder (colour type 3): LED images have 2–4 exact colours, and an indexed PNG
// keeps them exact and tiny. Deterministic: fixed zlib level (pako, a port of zlib:
// the same bytes in Node and the browser), no timestamps or text chunks.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/** One PNG chunk: length, type, data, CRC (`crc`: this file's, or a host's faster one, e.g. node:zlib's). */
export function chunk(type: string, data: Uint8Array, crc: (bytes: Uint8Array) => number = crc32): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
  return out;
}

/** The parts, one after another. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bits per index for a palette of n colours (1, 2, 4 or 8). */
export const bitsFor = (n: number) => (n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8);

/** Packs one row of palette indices at `bits` per pixel, most significant bits first. */
export function packRow(indices: Uint8Array, bits: number): Uint8Array {
  const perByte = 8 / bits;
  const row = new Uint8Array(Math.ceil(indices.length / perByte));
  indices.forEach((v, i) => {
    row[Math.floor(i / perByte)]! |= v << (8 - bits * ((i % perByte) + 1));
  });
  return row;
}

/** `indices` holds one palette index per pixel, row by row; `palette` holds [r, g, b] per index. */
export function encodeIndexedPng(width: number, height: number, indices: Uint8Array, palette: readonly (readonly [number, number, number])[]): Uint8Array {
  const bits = bitsFor(palette.length);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([bits, 3, 0, 0, 0], 8);
  const plte = new Uint8Array(palette.flatMap((c) => [...c]));
  const rows: Uint8Array[] = [];
  for (let y = 0; y < height; y++) rows.push(new Uint8Array([0]), packRow(indices.subarray(y * width, (y + 1) * width), bits));
  const raw = concat(rows);
  return concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('PLTE', plte), chunk('IDAT', deflate(raw, { level: 9 })), chunk('IEND', new Uint8Array())]);
}
