import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Scene } from './layouts/scene.ts';
import { PALETTE } from './style.ts';

// The print shop's file (issue 13): one vector PDF per A4/A3 poster, made from the same satori SVG as the PNG.
//
// - Boxes: TrimBox is exactly the paper (210×297 or 297×420 mm); BleedBox is 3 mm larger on every side; with crop
//   marks the MediaBox adds a slug for them (the trim sits 12.7 mm = 36 pt inside it, so at 300 dpi the trim starts
//   on pixel 150), without marks the MediaBox is the BleedBox.
// - Vector: satori has already turned every glyph into a path, so the PDF holds paths only (no font object, nothing
//   rasterised); a QR code is satori's rectangles. Rectangles that touch the poster's edge (the paper, the blue
//   band, the red rule) are drawn again 3 mm past the trim first, so the background runs into the bleed.
// - Colour: every fill and stroke is DeviceCMYK, looked up in PRINT_CMYK; a colour without a print value is an
//   internal error, never a silent conversion. Black is K only.
// - Determinism: no creation date; the /ID is derived from a SHA-256 of the content; pdfkit's streams are deflated
//   by zlib. The same scene gives the same bytes.
//
// Library: pdfkit (kept, MIT, also builds for the browser) with svg-to-pdfkit, whose colorCallback lets every SVG
// colour be replaced by its print value before it reaches the PDF.

/** C/M/Y/K in percent. */
export type Cmyk = readonly [number, number, number, number];

/**
 * Print values of the palette (docs/print-colours.md; starting points from the design brief, to be proofed by the
 * print shop before a large run).
 */
export const PRINT_CMYK: Readonly<Record<string, Cmyk>> = Object.freeze({
  [PALETTE.blue]: [100, 85, 25, 15],
  [PALETTE.white]: [0, 0, 0, 0],
  [PALETTE.red]: [0, 95, 85, 5],
  [PALETTE.gold]: [0, 25, 80, 0],
  '#000000': [0, 0, 0, 100],
});

/** Crop marks print on every plate (registration colour), so each separation can be cut at the same place. */
export const REGISTRATION: Cmyk = [100, 100, 100, 100];

export const BLEED_MM = 3;
/** Trim inset from the media edge when crop marks are drawn: 0.5 in, a whole number of pixels at 300 dpi. */
export const MARKS_INSET_MM = 12.7;
/** Crop marks run from this far outside the trim (clear of the bleed)… */
const MARK_FROM_MM = BLEED_MM + 1;
/** …to this far. */
const MARK_TO_MM = MARKS_INSET_MM - 1.5;
const MARK_WIDTH_PT = 0.25;

const PT_PER_MM = 72 / 25.4;

export interface PrintPdfOptions {
  /** The paper size, mm. */
  readonly trimMm: readonly [number, number];
  /** Pixels per inch of the scene (its px become 72/dpi pt). */
  readonly dpi: number;
  /** Crop marks in a slug around the bleed. */
  readonly marks: boolean;
  readonly title: string;
  readonly subject: string;
}

/** The page boxes of a print PDF, in pt, as [x0, y0, x1, y1]. */
export function pageBoxes(trimMm: readonly [number, number], marks: boolean): { media: number[]; bleed: number[]; trim: number[] } {
  const inset = (marks ? MARKS_INSET_MM : BLEED_MM) * PT_PER_MM;
  const [w, h] = trimMm.map((v) => v * PT_PER_MM) as [number, number];
  const b = BLEED_MM * PT_PER_MM;
  return {
    media: [0, 0, w + 2 * inset, h + 2 * inset],
    bleed: [inset - b, inset - b, inset + w + b, inset + h + b],
    trim: [inset, inset, inset + w, inset + h],
  };
}

const hexOf = (rgb: readonly number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('').toUpperCase()}`;

/** The print value of an sRGB colour of the palette; throws for any other colour. */
export function cmykOf(hex: string): Cmyk {
  const cmyk = PRINT_CMYK[hex.toUpperCase()];
  if (!cmyk) throw new Error(`Internal error: colour ${hex} has no print value (PRINT_CMYK)`);
  return cmyk;
}

type Node = { props?: { style?: Record<string, unknown>; children?: unknown } };

/** Rectangles of the scene that touch its edge (and the page background), grown by `grow` px past every edge they touch. */
export function bleedRects(scene: Scene, grow: number): { x: number; y: number; w: number; h: number; colour: string }[] {
  const root = scene.element as Node;
  const out: { x: number; y: number; w: number; h: number; colour: string }[] = [];
  const add = (x: number, y: number, w: number, h: number, colour: string) => {
    const x0 = x <= 0 ? -grow : x;
    const y0 = y <= 0 ? -grow : y;
    const x1 = x + w >= scene.width ? scene.width + grow : x + w;
    const y1 = y + h >= scene.height ? scene.height + grow : y + h;
    if (x0 !== x || y0 !== y || x1 !== x + w || y1 !== y + h) out.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0, colour });
  };
  const bg = root.props?.style?.backgroundColor;
  if (typeof bg === 'string') add(0, 0, scene.width, scene.height, bg);
  const children = Array.isArray(root.props?.children) ? (root.props!.children as Node[]) : [];
  for (const node of children) {
    const s = node.props?.style;
    // Text nodes have children; only plain filled boxes are backgrounds and rules.
    if (!s || node.props?.children !== undefined || typeof s.backgroundColor !== 'string') continue;
    const [x, y, w, h] = [s.left, s.top, s.width, s.height];
    if ([x, y, w, h].every((v) => typeof v === 'number')) add(x as number, y as number, w as number, h as number, s.backgroundColor);
  }
  return out;
}

/** The print PDF of a poster scene and its SVG. Pure: the same inputs give the same bytes. */
export async function printPdf(scene: Scene, svg: string, o: PrintPdfOptions): Promise<Uint8Array> {
  const boxes = pageBoxes(o.trimMm, o.marks);
  const contentHash = createHash('sha256').update(JSON.stringify([svg, o.trimMm, o.dpi, o.marks, o.title, o.subject, PRINT_CMYK])).digest('hex');
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    // No default font: the page holds paths only.
    font: null as unknown as string,
    // pdfkit derives the /ID from the info dictionary: with a fixed date and the content hash in it, the ID is a
    // function of the content. The date is then hidden from the info dictionary pdfkit writes (it enumerates the
    // keys; its XMP code, unused for PDF 1.3, still reads the property), so the file carries no timestamp.
    info: { Title: o.title, Subject: o.subject, Creator: 'qmkit', Producer: 'PDFKit', CreationDate: new Date(0), ContentHash: contentHash } as PDFKit.DocumentInfo,
  });
  Object.defineProperty(doc.info, 'CreationDate', { value: new Date(0), enumerable: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  doc.addPage({ size: [boxes.media[2]!, boxes.media[3]!], margin: 0 });
  const page = doc.page as unknown as { dictionary: { data: Record<string, unknown> } };
  page.dictionary.data.TrimBox = boxes.trim;
  page.dictionary.data.BleedBox = boxes.bleed;

  // pdfkit's coordinates start at the top left of the media box; the boxes are symmetric, so trim[0] is the inset.
  const inset = boxes.trim[0]!;
  const pt = 72 / o.dpi;
  const b = BLEED_MM * PT_PER_MM;
  doc.save();
  doc.rect(inset - b, inset - b, boxes.trim[2]! - boxes.trim[0]! + 2 * b, boxes.trim[3]! - boxes.trim[1]! + 2 * b).clip();
  doc.save();
  doc.translate(inset, inset).scale(pt);
  const grow = Math.ceil((BLEED_MM / 25.4) * o.dpi) + 2;
  for (const r of bleedRects(scene, grow)) doc.rect(r.x, r.y, r.w, r.h).fill([...cmykOf(r.colour)] as unknown as string);
  doc.restore();
  doc.save();
  doc.translate(inset, inset).scale(pt);
  SVGtoPDF(doc, svg, 0, 0, {
    width: scene.width,
    height: scene.height,
    // The SVG's px are the scene's px; the scale above makes them 72/dpi pt.
    assumePt: true,
    colorCallback: (parsed) => (parsed ? [[...cmykOf(hexOf(parsed[0]))], parsed[1]] : parsed),
    warningCallback: (message) => {
      throw new Error(`Internal error: svg-to-pdfkit: ${message}`);
    },
  });
  doc.restore();
  doc.restore();

  if (o.marks) {
    const [x0, y0, x1, y1] = [boxes.trim[0]!, boxes.trim[1]!, boxes.trim[2]!, boxes.trim[3]!];
    const from = MARK_FROM_MM * PT_PER_MM;
    const to = MARK_TO_MM * PT_PER_MM;
    doc.save();
    doc.lineWidth(MARK_WIDTH_PT).strokeColor([...REGISTRATION] as unknown as string);
    for (const x of [x0, x1])
      for (const y of [y0, y1]) {
        const sx = x === x0 ? -1 : 1;
        const sy = y === y0 ? -1 : 1;
        doc.moveTo(x + sx * from, y).lineTo(x + sx * to, y).stroke();
        doc.moveTo(x, y + sy * from).lineTo(x, y + sy * to).stroke();
      }
    doc.restore();
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
