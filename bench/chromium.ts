// The Chromium way, for comparison: one HTML page per poster (the same element tree our layouts hand to satori,
// as absolutely positioned CSS boxes, with the same Noto Sans SC TTFs from npm through @font-face file URLs, and
// the same QR overlay as inline SVG), screenshot at the exact size with Debian's chromium via playwright-core,
// two pages in parallel, warmed up first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { FONT_FAMILY } from '../src/render/fonts.ts';
import type { Scene } from '../src/render/layouts/scene.ts';

export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

const require = createRequire(import.meta.url);
const FONT_FILES: Record<number, string> = {
  500: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
  700: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  900: '@expo-google-fonts/noto-sans-sc/900Black/NotoSansSC_900Black.ttf',
};

type Node = { type: string; props: { style?: Record<string, unknown>; children?: unknown } };

const UNITLESS = new Set(['fontWeight', 'lineHeight', 'opacity', 'zIndex', 'flexGrow', 'flexShrink']);
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function css(style: Record<string, unknown> = {}): string {
  return Object.entries(style)
    .map(([k, v]) => {
      const prop = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const value = typeof v === 'number' && !UNITLESS.has(k) ? `${v}px` : k === 'fontFamily' ? `'${String(v)}'` : String(v);
      return `${prop}:${value}`;
    })
    .join(';');
}

function html(node: unknown): string {
  if (node === null || node === undefined || node === false) return '';
  if (typeof node === 'string' || typeof node === 'number') return escapeHtml(String(node));
  if (Array.isArray(node)) return node.map(html).join('');
  const n = node as Node;
  return `<${n.type} style="${css(n.props.style)}">${html(n.props.children)}</${n.type}>`;
}

/** The page for one scene: the same boxes, colours, fonts and QR code as our SVG. */
export function scenePage(scene: Scene): string {
  const faces = Object.entries(FONT_FILES)
    .map(([w, f]) => `@font-face{font-family:'${FONT_FAMILY}';font-weight:${w};src:url('${pathToFileURL(require.resolve(f)).href}') format('truetype')}`)
    .join('\n');
  const overlay = scene.overlay ? `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" style="position:absolute;left:0;top:0">${scene.overlay}</svg>` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><style>${faces}
html,body{margin:0;padding:0;width:${scene.width}px;height:${scene.height}px;overflow:hidden}</style></head>
<body>${html(scene.element).replace(/<\/div>$/, `${overlay}</div>`)}</body></html>`;
}

export interface ChromiumRun {
  wallMs: number;
  bytes: number[];
}

async function shoot(page: Page, url: string, width: number, height: number): Promise<Buffer> {
  await page.setViewportSize({ width, height });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.screenshot({ type: 'png' });
}

/**
 * Screenshots every scene `runs` times with `parallel` pages, after `warmup` untimed shots per page.
 * Writes the pages (and, with `keep`, the PNGs of the last run) into `dir`.
 */
export async function runChromium(scenes: readonly Scene[], dir: string, o: { runs: number; parallel?: number; warmup?: number; keep?: boolean }): Promise<ChromiumRun[]> {
  const parallel = o.parallel ?? 2;
  mkdirSync(dir, { recursive: true });
  const urls = scenes.map((scene, i) => {
    const file = path.join(dir, `${String(i).padStart(4, '0')}.html`);
    writeFileSync(file, scenePage(scene));
    return pathToFileURL(file).href;
  });
  const browser = await chromium.launch(CHROMIUM);
  try {
    const context = await browser.newContext({ deviceScaleFactor: 1 });
    const pages = await Promise.all(Array.from({ length: parallel }, () => context.newPage()));
    // Warm-up: every page loads the fonts and draws a few posters of different sizes before the clock starts.
    const warm = Math.min(o.warmup ?? 4, scenes.length);
    await Promise.all(
      pages.map(async (page, p) => {
        for (let k = 0; k < warm; k++) {
          const i = Math.floor(((k * parallel + p) * scenes.length) / (warm * parallel));
          await shoot(page, urls[i]!, scenes[i]!.width, scenes[i]!.height);
        }
      }),
    );
    const runs: ChromiumRun[] = [];
    for (let r = 0; r < o.runs; r++) {
      const bytes = new Array<number>(scenes.length);
      let next = 0;
      const started = performance.now();
      await Promise.all(
        pages.map(async (page) => {
          while (next < scenes.length) {
            const i = next++;
            const png = await shoot(page, urls[i]!, scenes[i]!.width, scenes[i]!.height);
            bytes[i] = png.length;
            if (o.keep && r === o.runs - 1) writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}.png`), png);
          }
        }),
      );
      runs.push({ wallMs: performance.now() - started, bytes });
    }
    return runs;
  } finally {
    await browser.close();
  }
}
