import type { RenderJob } from '../render/job.ts';
import type { ContrastPair } from '../render/contrast.ts';
import type { QrPlacement, TextBox } from '../render/layouts/scene.ts';
import { clreqViolation } from '../render/clreq.ts';
import { BALANCE_MIN, FILL_MIN, balanceRatio, lineWeight } from '../render/balance.ts';
import { codePointLabel } from '../campaign/text.ts';
import { jobTexts } from '../render/texts.ts';
import { readQrCard, type QrReading } from './qr-decode.ts';

// The legibility audit of one asset: every rule is re-checked from the render's own measurements, and the QR
// code from the pixels. Runs in the render worker, so its record is cached with the bytes it describes.

/** What a render reports about itself (RenderResult without the bytes). */
export interface RenderMeta {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly TextBox[];
  readonly contrast: { readonly required: number; readonly pairs: readonly ContrastPair[] };
  readonly qr?: QrPlacement;
  readonly heroLines: readonly string[];
  readonly palette?: readonly string[];
  /** Text boxes found past the safe area on a text-only mask of the real pixels (empty when clean). */
  readonly maskOutside?: readonly string[];
  /** Share cards: the render's reading of its own PNG's code (readQrCard), so the audit need not decode it again. */
  readonly qrRead?: QrReading;
}

export { RULE_NAMES, type RuleId } from './rules.ts';
import type { RuleId } from './rules.ts';

export interface RuleResult {
  readonly rule: RuleId;
  readonly ok: boolean;
  /** In Chinese: what was measured. */
  readonly detail: string;
}

export interface AssetAudit {
  readonly path: string;
  readonly profile: string;
  readonly kind: string;
  readonly text: string;
  readonly ok: boolean;
  readonly minCharPx: number;
  readonly minCharMm: number;
  readonly requiredPx: number;
  readonly requiredMm: number;
  readonly minContrast: number | null;
  readonly requiredContrast: number;
  readonly rules: readonly RuleResult[];
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function qrRule(url: string, png: Uint8Array, tile: QrPlacement | undefined, read: QrReading | undefined): RuleResult {
  if (!tile) return { rule: 'qr', ok: false, detail: `分享卡应有指向 ${url} 的二维码，但版式没有放置二维码` };
  // The render already read these very bytes with the same check when it chose the code's mask (render.ts).
  const { misses, tries } = read?.url === url ? read : readQrCard(png, tile, url);
  return misses.length
    ? { rule: 'qr', ok: false, detail: `二维码应指向 ${url}：${misses.join('；')}` }
    : { rule: 'qr', ok: true, detail: `jsQR 与 ZXing 在${tries.join('和')}下均读出 ${url}` };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk; 0×0 when the bytes are not a PNG (the size rule then fails). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const ok = png.length >= 24 && PNG_SIGNATURE.every((b, i) => png[i] === b) && String.fromCharCode(...png.subarray(12, 16)) === 'IHDR';
  if (!ok) return { width: 0, height: 0 };
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function auditAsset(job: RenderJob, meta: RenderMeta, png: Uint8Array, hasGlyph: (cp: number) => boolean): AssetAudit {
  const p = job.profile;
  const rules: RuleResult[] = [];
  // Pixels are decoded only for the QR check (share cards, and only around the code): the size is read from the PNG header, so
  // a 300-dpi print is not inflated a second time just to learn its dimensions.
  const img = pngSize(png);
  const sizeOk = img.width === meta.width && img.height === meta.height && (job.kind === 'led-strip' || (img.width === p.width && img.height === p.height));
  rules.push({ rule: 'size', ok: sizeOk, detail: `${img.width}×${img.height} 像素${job.kind === 'led-strip' ? `（滚动长图，高 ${p.height}）` : `，屏幕为 ${p.width}×${p.height}`}` });

  const missing: string[] = [];
  for (const { role, text } of jobTexts(job)) {
    for (const ch of text) if (ch !== ' ' && !hasGlyph(ch.codePointAt(0)!)) missing.push(`${role}「${text}」缺 ${ch} (${codePointLabel(ch.codePointAt(0)!)})`);
  }
  rules.push(missing.length ? { rule: 'glyphs', ok: false, detail: missing.join('；') } : { rule: 'glyphs', ok: true, detail: '所有字符都有字形' });

  const violation = clreqViolation(meta.heroLines);
  rules.push(
    violation
      ? { rule: 'clreq', ok: false, detail: `${violation}：${meta.heroLines.join(' / ')}` }
      : { rule: 'clreq', ok: true, detail: `断行：${meta.heroLines.join(' / ')}` },
  );

  const safe = p.layout === 'led' ? { top: 0, right: 0, bottom: 0, left: 0 } : p.safe;
  const [x0, y0, x1, y1] = [safe.left, safe.top, meta.width - safe.right, meta.height - safe.bottom];
  const outside = meta.boxes.filter((b) => b.x < x0 - 0.5 || b.y < y0 - 0.5 || b.x + b.w > x1 + 0.5 || b.y + b.h > y1 + 0.5);
  const maskOutside = meta.maskOutside ?? [];
  rules.push(
    outside.length || maskOutside.length
      ? { rule: 'safe-area', ok: false, detail: [...outside.map((b) => `「${b.text}」超出安全区（版式测量）`), ...maskOutside.map((t) => `${t}（像素检查）`)].join('；') }
      : { rule: 'safe-area', ok: true, detail: `${meta.boxes.length} 个文字框均在安全区 ${x0},${y0}–${x1},${y1} 内${meta.maskOutside ? '，像素检查一致' : ''}` },
  );

  const smallest = meta.boxes.reduce((m, b) => Math.min(m, b.fontSize), Infinity);
  const minPx = Number.isFinite(smallest) ? smallest : 0;
  const requiredMm = round(p.viewingDistanceM * 8.3);
  const minMm = round(minPx * p.pixelMm);
  const sizeRuleOk = minPx >= p.minCharPx;
  rules.push({
    rule: 'min-size',
    ok: sizeRuleOk,
    detail: `最小字高 ${minPx} px（${minMm} mm），要求 ≥ ${p.minCharPx} px（${p.viewingDistanceM} m 观看距离约 ${requiredMm} mm${p.layout === 'led' ? '，LED 至少 16 点' : ''}）`,
  });

  // Balance (not on LED panels, whose pages and strips follow the dot grid): the hero block covers enough of the
  // safe area, and no hero line is much shorter than the longest.
  if (p.layout !== 'led') {
    const hero = meta.boxes.filter((b) => b.role === 'hero');
    const safeW = meta.width - safe.left - safe.right;
    const safeH = meta.height - safe.top - safe.bottom;
    const heroW = hero.length ? Math.max(...hero.map((b) => b.x + b.w)) - Math.min(...hero.map((b) => b.x)) : 0;
    const heroH = hero.length ? Math.max(...hero.map((b) => b.y + b.h)) - Math.min(...hero.map((b) => b.y)) : 0;
    const fill = safeW > 0 && safeH > 0 ? (heroW * heroH) / (safeW * safeH) : 0;
    const pct = (n: number) => `${round(n * 100)} %`;
    rules.push({
      rule: 'fill',
      ok: fill >= FILL_MIN,
      detail: `主文字占安全区 ${pct(fill)}（${Math.round(heroW)}×${Math.round(heroH)} px / ${safeW}×${safeH} px），要求 ≥ ${pct(FILL_MIN)}`,
    });
    const ratio = balanceRatio(meta.heroLines);
    const weights = meta.heroLines.map((l) => lineWeight(l));
    rules.push({
      rule: 'balance',
      ok: ratio >= BALANCE_MIN - 1e-9,
      detail: `${meta.heroLines.length} 行，最短行为最长行的 ${pct(ratio)}（按字计，拉丁字母、数字和空格算半个：${weights.join(' / ')}），要求 ≥ ${pct(BALANCE_MIN)}`,
    });
  }

  const ratios = meta.contrast.pairs.map((x) => x.ratio);
  const minContrast = ratios.length ? Math.min(...ratios) : null;
  const low = meta.contrast.pairs.filter((x) => x.ratio < meta.contrast.required);
  rules.push(
    low.length
      ? { rule: 'contrast', ok: false, detail: low.map((x) => `${x.role} ${x.fg}/${x.bg} ${round(x.ratio, 2)}:1 < ${meta.contrast.required}:1`).join('；') }
      : { rule: 'contrast', ok: true, detail: `最低 ${minContrast === null ? '—' : round(minContrast, 2)}:1，要求 ≥ ${meta.contrast.required}:1` },
  );

  if (job.url) rules.push(qrRule(job.url, png, meta.qr, meta.qrRead));

  return {
    path: job.path,
    profile: p.id,
    kind: job.kind,
    text: job.text,
    ok: rules.every((r) => r.ok),
    minCharPx: minPx,
    minCharMm: minMm,
    requiredPx: p.minCharPx,
    requiredMm,
    minContrast: minContrast === null ? null : round(minContrast, 2),
    requiredContrast: meta.contrast.required,
    rules,
  };
}
