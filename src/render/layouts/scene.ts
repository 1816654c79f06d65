import { pair, type ContrastPair } from '../contrast.ts';
import { FONT_FAMILY, type Fonts } from '../fonts.ts';
import { breakToWidth } from '../line-break.ts';
import { qrMatrix, qrSvg, tileModules, type QrMatrix } from '../qr.ts';
import { SMALL_LINE_HEIGHT, type Weight } from '../style.ts';

// The building blocks every layout uses. A layout computes every position itself (from real measurements) and
// records what it drew: text boxes for the audit, text/background pairs for the contrast rule, the QR tile.

/** One line of text as drawn: its layout box in px (line height tall, ink advance wide) and its type. */
export interface TextBox {
  /** hero, label, footer, url, tag */
  readonly role: string;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Character height in px (the font size: a CJK character is drawn on a 1 em square). */
  readonly fontSize: number;
  readonly weight: Weight;
  readonly color: string;
  readonly background: string;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Where the QR code sits: the tile including its quiet zone. */
export interface QrPlacement extends Rect {
  readonly url: string;
  readonly modulePx: number;
  readonly modules: number;
}

/** A finished layout: satori's element tree plus everything the audit needs to verify it. */
export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly element: unknown;
  /** Raw SVG drawn over satori's output (the QR code), in image coordinates. */
  readonly overlay: string;
  readonly boxes: readonly TextBox[];
  readonly pairs: readonly ContrastPair[];
  readonly qr?: QrPlacement;
  /** The hero's lines as broken (for the clreq audit). */
  readonly heroLines: readonly string[];
  /** The same scene with only its text, black on white: the audit rasterises it to find ink past the safe area. */
  readonly mask: unknown;
}

type Node = { type: string; props: { style: Record<string, unknown>; children?: unknown } };

export class SceneBuilder {
  private readonly nodes: Node[] = [];
  private readonly boxes: TextBox[] = [];
  private readonly pairs: ContrastPair[] = [];
  private overlay = '';
  private qrPlace: QrPlacement | undefined;
  heroLines: string[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
    readonly background: string,
    readonly fonts: Fonts,
  ) {}

  rect(r: Rect, color: string): void {
    this.nodes.push({ type: 'div', props: { style: { position: 'absolute', left: r.x, top: r.y, width: r.w, height: r.h, backgroundColor: color } } });
  }

  /** Width of a line as it is aligned, px: its advance less the blank halves of punctuation at its ends. */
  measure(text: string, size: number, weight: Weight, tracking = 0): number {
    return this.fonts.visual(text, size, weight, tracking);
  }

  /**
   * One unwrapped line whose visible start is at x and whose line box starts at y. A leading opening mark is
   * pulled left by its blank half (whole pixels, so LED glyphs stay on the dot grid). Returns its box.
   */
  text(role: string, text: string, x: number, y: number, o: { size: number; weight: Weight; color: string; bg: string; tracking?: number; lineHeight?: number }): TextBox {
    const tracking = o.tracking ?? 0;
    const lineHeight = o.lineHeight ?? SMALL_LINE_HEIGHT;
    // A blank half is pulled in by whole pixels; ink past the advance box pushes the line in by whole pixels, rounded up.
    const leadEm = this.fonts.trim(text, o.weight, tracking).lead;
    const lead = leadEm >= 0 ? Math.round(leadEm * o.size) : -Math.ceil(-leadEm * o.size);
    const style = {
      position: 'absolute',
      left: x - lead,
      top: y,
      display: 'flex',
      fontFamily: FONT_FAMILY,
      fontWeight: o.weight,
      fontSize: o.size,
      lineHeight,
      letterSpacing: tracking ? tracking * o.size : 0,
      color: o.color,
      whiteSpace: 'pre',
    };
    this.nodes.push({ type: 'div', props: { style, children: text } });
    const box: TextBox = { role, text, x, y, w: this.measure(text, o.size, o.weight, tracking), h: lineHeight * o.size, fontSize: o.size, weight: o.weight, color: o.color, background: o.bg };
    this.boxes.push(box);
    this.note(role, o.color, o.bg);
    return box;
  }

  /** Lines stacked from y, each aligned within [x, x + w]. Returns the block height. */
  lines(role: string, lines: readonly string[], x: number, y: number, w: number, align: 'left' | 'center' | 'right', o: { size: number; weight: Weight; color: string; bg: string; tracking?: number; lineHeight?: number }): number {
    const lh = (o.lineHeight ?? SMALL_LINE_HEIGHT) * o.size;
    lines.forEach((line, i) => {
      const lw = this.measure(line, o.size, o.weight, o.tracking ?? 0);
      const lx = align === 'left' ? x : align === 'right' ? x + w - lw : x + (w - lw) / 2;
      this.text(role, line, Math.round(lx), Math.round(y + i * lh), o);
    });
    return lines.length * lh;
  }

  /** A filled tag with one word in it (示例, 预览). Returns its outer size. */
  tag(text: string, x: number, y: number, size: number, fg: string, bg: string, weight: Weight = 700): Rect {
    const padX = Math.round(size * 0.35);
    const padY = Math.round(size * 0.1);
    const w = Math.ceil(this.measure(text, size, weight)) + 2 * padX;
    const h = Math.round(size * SMALL_LINE_HEIGHT) + 2 * padY;
    this.rect({ x, y, w, h }, bg);
    this.text('tag', text, x + padX, y + padY, { size, weight, color: fg, bg });
    return { x, y, w, h };
  }

  /** Records a text/background pair drawn without a TextBox (never needed today, kept for decorations with words). */
  note(role: string, fg: string, bg: string): void {
    if (!this.pairs.some((p) => p.role === role && p.fg === fg && p.bg === bg)) this.pairs.push(pair(role, fg, bg));
  }

  qr(matrix: QrMatrix, x: number, y: number, modulePx: number, dark: string, light: string): QrPlacement {
    this.overlay += qrSvg(matrix, x, y, modulePx, dark, light);
    const side = tileModules(matrix) * modulePx;
    this.qrPlace = { x, y, w: side, h: side, url: matrix.url, modulePx, modules: matrix.size };
    return this.qrPlace;
  }

  build(): Scene {
    const element = {
      type: 'div',
      props: { style: { display: 'flex', position: 'relative', width: this.width, height: this.height, backgroundColor: this.background }, children: this.nodes },
    };
    const textOnly = this.nodes
      .filter((n) => n.props.children !== undefined)
      .map((n) => ({ ...n, props: { ...n.props, style: { ...n.props.style, color: '#000000' } } }));
    const mask = { type: 'div', props: { style: { ...element.props.style, backgroundColor: '#FFFFFF' }, children: textOnly } };
    return {
      width: this.width,
      height: this.height,
      element,
      mask,
      overlay: this.overlay,
      boxes: this.boxes,
      pairs: this.pairs,
      ...(this.qrPlace ? { qr: this.qrPlace } : {}),
      heroLines: this.heroLines,
    };
  }
}

/** Small text broken to a width at a fixed size (footers, issuer names); phrase breaks first. */
export function wrapSmall(text: string, maxW: number, size: number, weight: Weight, fonts: Fonts): string[] {
  const measure = (s: string) => fonts.visual(s, size, weight);
  if (measure(text) <= maxW) return [text];
  return breakToWidth(text, maxW, measure) ?? [text];
}

export { qrMatrix };
