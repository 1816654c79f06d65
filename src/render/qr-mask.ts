import QRCode from 'qrcode';
import { decodeZxing, downscale, type Rgba } from '../audit/qr-decode.ts';
import type { Memo } from './platform.ts';

// Every mask pattern gives a valid QR code, but each decoder has blind spots: ZXing's JS port, for one, misreads
// about one URL in twenty at module sizes of 6 px and more (e.g. …/national/2022/s/12/ with mask 2). The public
// meets many readers, so the kit picks the first mask that ZXing reads on the bare tile at every module size a card
// may use, full size and halved; both decoders (ZXing and jsQR) then read every card in place, and a card that does
// not read is drawn again with the next mask (render.ts). jsQR is not run on the bare tiles: it cost 85 % of this
// choice (~70 ms a URL, issue 11) and the in-place reading checks it anyway. Deterministic: same URL, same mask.

const MODULE_SIZES = [5, 6, 8, 12];

export function rasterTile(modules: { size: number; data: Uint8Array }, modulePx: number): Rgba {
  const quiet = 4;
  const side = (modules.size + 2 * quiet) * modulePx;
  const data = new Uint8Array(side * side * 4).fill(255);
  for (let y = 0; y < modules.size; y++)
    for (let x = 0; x < modules.size; x++) {
      if (modules.data[y * modules.size + x] !== 1) continue;
      for (let dy = 0; dy < modulePx; dy++) {
        const row = ((y + quiet) * modulePx + dy) * side;
        for (let dx = 0; dx < modulePx; dx++) {
          const i = (row + (x + quiet) * modulePx + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    }
  return { width: side, height: side, data };
}

function readsEverywhere(url: string, modules: { size: number; data: Uint8Array }): boolean {
  for (const px of MODULE_SIZES) {
    const tile = rasterTile(modules, px);
    // Halving a tile of even module size gives, pixel for pixel, the tile of half that size: when that size is
    // checked at full size already, the same decoders would read the same pixels again (12 → 6).
    const halfChecked = px % 2 === 0 && MODULE_SIZES.includes(px / 2);
    for (const img of halfChecked ? [tile] : [tile, downscale(tile, 2)]) if (decodeZxing(img) !== url) return false;
  }
  return true;
}

// A pure function of the URL, so remembering its answer per process is safe; each URL has one card per share profile.
const chosen = new Map<string, ReturnType<typeof QRCode.create>>();

/**
 * The QR code for an ASCII URL, with the first mask (the library's own choice, then 0–7) that ZXing reads on the bare
 * tile. With a memo (the host's, see Platform), a mask chosen in an earlier run is taken from it: choosing decodes up
 * to 48 tiles. drawJob calls this with the platform's memo before the layout asks for the code without one.
 */
export function createReadableQr(url: string, memo?: Memo): ReturnType<typeof QRCode.create> {
  let qr = chosen.get(url);
  if (qr) return qr;
  const key = ['qr-mask', url];
  const stored = Number(memo?.get(key) ?? NaN);
  if (Number.isInteger(stored) && stored >= 0 && stored <= 7) qr = QRCode.create(url, { errorCorrectionLevel: 'M', maskPattern: stored as QRCode.QRCodeMaskPattern });
  else {
    qr = pickMask(url);
    memo?.put(key, String(qr.maskPattern));
  }
  chosen.set(url, qr);
  return qr;
}

/**
 * The QR code for a URL at a given attempt: attempt 0 is createReadableQr's; attempt k ≥ 1 is the k-th of the other
 * masks, in order 0–7 (so 1–7 cover every mask once). Deterministic: same URL and attempt, same code.
 */
export function qrForAttempt(url: string, attempt = 0): ReturnType<typeof QRCode.create> {
  const first = createReadableQr(url);
  if (!attempt) return first;
  const others = [0, 1, 2, 3, 4, 5, 6, 7].filter((m) => m !== first.maskPattern);
  const mask = others[(attempt - 1) % others.length]!;
  return QRCode.create(url, { errorCorrectionLevel: 'M', maskPattern: mask as QRCode.QRCodeMaskPattern });
}

function pickMask(url: string): ReturnType<typeof QRCode.create> {
  const first = QRCode.create(url, { errorCorrectionLevel: 'M' });
  if (readsEverywhere(url, first.modules)) return first;
  for (let mask = 0; mask < 8; mask++) {
    if (mask === first.maskPattern) continue;
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M', maskPattern: mask as QRCode.QRCodeMaskPattern });
    if (readsEverywhere(url, qr.modules)) return qr;
  }
  return first;
}
