import { packRow } from './png-indexed.ts';

// Indexed BMP (BITMAPINFOHEADER, uncompressed) for LED controllers that take fixed-size BMP windows:
// 1 bit per pixel for 2 colours, 4 bits for up to 16 (red/green/yellow strips), rows bottom-up, padded to 4 bytes.

const FILE_HEADER = 14;
const INFO_HEADER = 40;
/** 300 dpi is meaningless on a panel; 72 dpi (2835 px/m) is what controller tools expect. */
const PX_PER_M = 2835;

export function encodeIndexedBmp(width: number, height: number, indices: Uint8Array, palette: readonly (readonly [number, number, number])[]): Uint8Array {
  const bits = palette.length <= 2 ? 1 : palette.length <= 16 ? 4 : 8;
  const stride = Math.ceil((width * bits) / 32) * 4;
  const paletteBytes = palette.length * 4;
  const offset = FILE_HEADER + INFO_HEADER + paletteBytes;
  const size = offset + stride * height;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d], 0); // "BM"
  v.setUint32(2, size, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, INFO_HEADER, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true); // positive: rows bottom-up
  v.setUint16(26, 1, true);
  v.setUint16(28, bits, true);
  v.setUint32(30, 0, true); // BI_RGB
  v.setUint32(34, stride * height, true);
  v.setInt32(38, PX_PER_M, true);
  v.setInt32(42, PX_PER_M, true);
  v.setUint32(46, palette.length, true);
  v.setUint32(50, palette.length, true);
  palette.forEach(([r, g, b], i) => out.set([b, g, r, 0], FILE_HEADER + INFO_HEADER + i * 4));
  for (let y = 0; y < height; y++) {
    const row = packRow(indices.subarray(y * width, (y + 1) * width), bits);
    out.set(row, offset + (height - 1 - y) * stride);
  }
  return out;
}
