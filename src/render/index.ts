// Public API of the poster engine: plan (pure), fonts (loaded once, subset per build), render (pure), manifest.
export { PROFILES, AUDIENCES, AUDIENCE_LABELS, findProfile, minCharPxFor, type Profile, type Audience, type Layout, type ColourMode, type Insets } from './profiles.ts';
export type { RenderJob, AssetKind } from './job.ts';
export { planJobs, campaignLabel, THUMB_ABOVE_PX, THUMB_MAX_PX } from './plan.ts';
export { loadFontFiles, buildFonts, fontsFromSubsets, checkGlyphs, type Fonts, type FontFiles } from './fonts.ts';
export { renderJob, layoutJob, jobTexts, type RenderResult } from './render.ts';
export { rasterise } from './rasterise.ts';
export type { TextBox, QrPlacement } from './layouts/scene.ts';
export { contrastRatio, relativeLuminance, requiredContrast, type ContrastPair } from './contrast.ts';
export { clreqViolation, breakInto, breakToWidth } from './line-break.ts';
export { manifestEntries, buildManifest, sha256, type ManifestEntry, type AssetFormat } from './manifest.ts';
export { printPdf, pageBoxes, PRINT_CMYK, BLEED_MM, type Cmyk, type PrintPdfOptions } from './print-pdf.ts';
export { scrollingGif, scrollDotsPerSecond, SCROLL_FRAME_MS, PAGE_PAUSE_MS } from './led-gif.ts';
export { DOT_CELL, dotGlyph, hasDotGlyph, usesDotGlyphs } from './dot-font.ts';
export { sceneProblems } from './verify.ts';
