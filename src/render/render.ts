import satori from 'satori';
import { RenderError } from '../errors.ts';
import { requiredContrast, type ContrastPair } from './contrast.ts';
import type { Fonts } from './fonts.ts';
import type { RenderJob } from './job.ts';
import { cover } from './layouts/cover.ts';
import { landscape } from './layouts/landscape.ts';
import { ledScene } from './layouts/led.ts';
import { portrait } from './layouts/portrait.ts';
import { square } from './layouts/square.ts';
import { ultrawide } from './layouts/ultrawide.ts';
import { printLayout } from './layouts/print.ts';
import type { QrPlacement, Scene, TextBox } from './layouts/scene.ts';
import { encodeLed, encodeLedIndices, ledIndex, ledPalette } from './led.ts';
import { dotGlyph, dotIndices, dotScene, usesDotGlyphs } from './dot-font.ts';
import { pageStops, scrollStep, scrollingGif } from './led-gif.ts';
import { ledTextColour, ledWeight } from './style.ts';
import { missingGlyphError } from './messages.ts';
import { THUMB_MAX_PX } from './plan.ts';
import type { Platform } from './platform.ts';
import { rasterise } from './rasterise.ts';
import type { Layout } from './profiles.ts';
import { sceneProblems } from './verify.ts';
import { crop, qrCardRegion, readQrCard, readQrImage, type QrReading, type Rgba } from '../audit/qr-decode.ts';
import { createReadableQr } from './qr-mask.ts';

// The pure renderer: RenderJob + Fonts → bytes. No disk I/O, no clock: the same job gives the same bytes. The host
// (Node or the browser) passes its Platform, i.e. its rasteriser (platform.ts).

/** What one render made, and the measurements the legibility audit re-checks. */
export interface RenderResult {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** LED jobs: the same image as an indexed BMP. */
  readonly bmp?: Uint8Array;
  /** Print posters: the print shop's vector CMYK PDF, when the job has a pdfPath. */
  readonly pdf?: Uint8Array;
  /** LED strips: the scrolling GIF at the panel's size, when the job has a gifPath. */
  readonly gif?: Uint8Array;
  /** Gallery thumbnail (≤ 360 px wide), when the job has a thumbPath. */
  readonly thumb?: Uint8Array;
  readonly boxes: readonly TextBox[];
  readonly contrast: { readonly required: number; readonly pairs: readonly ContrastPair[] };
  readonly qr?: QrPlacement;
  readonly heroLines: readonly string[];
  /** LED jobs: the exact colours the image is made of. */
  readonly palette?: readonly string[];
  /** Share cards: how the card's own code read (readQrCard); the audit reports it. */
  readonly qrRead?: QrReading;
}

const LAYOUTS: Readonly<Record<Exclude<Layout, 'led'>, (job: RenderJob, fonts: Fonts) => Scene>> = {
  landscape,
  portrait,
  ultrawide,
  square,
  cover,
  print: printLayout,
};

import { jobTexts } from './texts.ts';

export { jobTexts };

function noAssets(languageCode: string, segment: string): never {
  throw new RenderError(`字体缺少字符「${segment}」（${languageCode}），不能渲染`);
}

export async function toSvg(scene: Scene, fonts: Fonts): Promise<string> {
  const svg = await satori(scene.element as Parameters<typeof satori>[0], {
    width: scene.width,
    height: scene.height,
    fonts: fonts.satori as Parameters<typeof satori>[1]['fonts'],
    loadAdditionalAsset: async (code, segment) => noAssets(code, segment),
  });
  return scene.overlay ? svg.replace(/<\/svg>\s*$/, `${scene.overlay}</svg>`) : svg;
}

/**
 * The layout of a job, checked: every glyph present, every box inside the safe area, every character at least
 * the profile's minimum, every contrast pair at the required ratio. Pure and fast (no satori, no pixels).
 */
export function layoutJob(job: RenderJob, fonts: Fonts): Scene {
  for (const { role, text } of jobTexts(job)) {
    for (const ch of text) if (ch !== ' ' && !fonts.has(ch.codePointAt(0)!)) throw missingGlyphError(role, text, ch.codePointAt(0)!);
  }
  const layout = job.profile.layout;
  const scene = sceneFor(job, fonts);
  // LED panels have no safe margin: the whole panel is usable.
  const problems = sceneProblems(job, scene, layout === 'led' ? { top: 0, right: 0, bottom: 0, left: 0 } : job.profile.safe);
  if (problems.length) throw new Error(`Internal error: ${job.id} 版式自检失败：\n  ${problems.join('\n  ')}`);
  return scene;
}

/** The layout of a job: every position decided, nothing drawn yet (the audit re-uses it for its text mask). */
export function sceneFor(job: RenderJob, fonts: Fonts): Scene {
  if (usesDotGlyphs(job)) return dotScene(job, job.n === undefined ? '主题' : '口号');
  return job.profile.layout === 'led' ? ledScene(job, fonts) : LAYOUTS[job.profile.layout](job, fonts);
}

/** Masks a card tries before it keeps the first (the audit then reports the unreadable code): every mask once. */
const QR_ATTEMPTS = 8;

/** A render and the scene it drew: the audit's text mask re-uses the scene rather than laying the job out again. */
export interface Drawn {
  readonly result: RenderResult;
  readonly scene: Scene;
  /** Share cards: the pixels of the code and its surroundings (qrCardRegion), as drawn, for the in-place reading. */
  readonly qrPixels?: Rgba;
}

export async function renderJob(job: RenderJob, fonts: Fonts, platform: Platform): Promise<RenderResult> {
  return (await drawJob(job, fonts, platform)).result;
}

/** renderJob, with the scene of the drawing it kept. */
export async function drawJob(job: RenderJob, fonts: Fonts, platform: Platform): Promise<Drawn> {
  if (!job.url) return drawOnce(job, fonts, platform);
  // A share card's code must read in its place on the card, where the hero and the URL frame it: each decoder has
  // blind spots (ZXing's JS port misses about one card in a few hundred at half size). When the card's own code
  // does not read, the card is drawn again with the URL's next mask; a pure function of the job, so the CLI and the
  // browser make the same bytes.
  // The mask the URL's code uses, from the host's memo when an earlier run chose it (the layout asks for it later).
  createReadableQr(job.url, platform.memo);
  let first: Drawn | undefined;
  for (let attempt = job.qrAttempt ?? 0; attempt < QR_ATTEMPTS; attempt++) {
    const drawn = await drawOnce(attempt ? { ...job, qrAttempt: attempt } : job, fonts, platform);
    const { result } = drawn;
    if (!result.qr) return drawn;
    const read = drawn.qrPixels ? readQrImage(drawn.qrPixels, job.url, platform.memo) : readQrCard(result.bytes, result.qr, job.url);
    if (!read.misses.length) return { ...drawn, result: { ...result, qrRead: read } };
    first ??= { ...drawn, result: { ...result, qrRead: read } };
  }
  return first!;
}

/** One drawing of the job with the mask its qrAttempt names (renderJob retries it for share cards). */
export async function renderOnce(job: RenderJob, fonts: Fonts, platform: Platform): Promise<RenderResult> {
  return (await drawOnce(job, fonts, platform)).result;
}

async function drawOnce(job: RenderJob, fonts: Fonts, platform: Platform): Promise<Drawn> {
  const layout = job.profile.layout;
  const scene = layoutJob(job, fonts);
  const svg = await toSvg(scene, fonts);
  const common = {
    width: scene.width,
    height: scene.height,
    boxes: scene.boxes,
    contrast: { required: requiredContrast(job.profile), pairs: scene.pairs },
    heroLines: scene.heroLines,
    ...(scene.qr ? { qr: scene.qr } : {}),
  };
  if (layout === 'led') {
    const mode = job.profile.colourMode;
    // 16-dot text is drawn from the dot glyph table, dot for dot; larger characters from the vector font, thresholded.
    const led = usesDotGlyphs(job) ? encodeLedIndices(job.width, job.height, dotIndices(job, ledIndex(mode, ledTextColour(job))), mode) : encodeLed(platform, svg, mode);
    const gif = job.gifPath
      ? scrollingGif({ width: scene.width, height: scene.height, indices: led.indices }, job.profile.width, ledPalette(mode), {
          step: scrollStep(job.led!.cell),
          stops: pageStops(stripBounds(job, fonts), job.led!.lines[0]!, job.profile.width),
        })
      : undefined;
    return { scene, result: { ...common, bytes: led.png, bmp: led.bmp, palette: led.palette, ...(gif ? { gif } : {}), ...(job.thumbPath ? { thumb: rasterise(platform, svg, THUMB_MAX_PX) } : {}) } };
  }
  if (job.pdfPath && !platform.printPdf) throw new Error(`Internal error: ${job.id} asks for a print PDF, which this host cannot write`);
  const pdf = job.pdfPath && job.profile.trimMm && job.profile.dpi
    ? await platform.printPdf!(scene, svg, { trimMm: job.profile.trimMm, dpi: job.profile.dpi, marks: job.printMarks ?? true, title: job.text, subject: `${job.label} · ${job.profile.label}` })
    : undefined;
  // A card's code is read from the pixels as drawn (the PNG holds the same pixels), not from the PNG decoded again.
  let qrPixels: Rgba | undefined;
  const keepQr = job.url && scene.qr ? scene.qr : undefined;
  const bytes = rasterise(platform, svg, scene.width, keepQr && ((image) => {
    const r = qrCardRegion(keepQr);
    qrPixels = crop({ width: image.width, height: image.height, data: image.rgba }, r.x, r.y, r.w, r.h);
  }));
  const result = { ...common, bytes, ...(pdf ? { pdf } : {}), ...(job.thumbPath ? { thumb: rasterise(platform, svg, Math.min(THUMB_MAX_PX, scene.width)) } : {}) };
  return { scene, result, ...(qrPixels ? { qrPixels } : {}) };
}

/** Where each character of an LED strip starts, and (last) where the text ends, in dots from the strip's left edge. */
export function stripBounds(job: RenderJob, fonts: Fonts): number[] {
  const led = job.led!;
  const line = led.lines[0]!;
  const chars = [...line];
  if (usesDotGlyphs(job)) {
    const out = [led.margin];
    for (const ch of chars) out.push(out[out.length - 1]! + (dotGlyph(ch.codePointAt(0)!)?.width ?? 0));
    return out;
  }
  // As ledScene draws it: from the margin, a leading opening mark pulled left by its blank half.
  const weight = ledWeight(led.cell);
  const start = led.margin - Math.round(fonts.trim(line, weight).lead * led.cell);
  return chars.map((_, i) => start + fonts.measure(chars.slice(0, i).join(''), led.cell, weight)).concat(start + fonts.measure(line, led.cell, weight));
}
