// svg-to-pdfkit ships no types; the one call qmkit makes is typed here.
declare module 'svg-to-pdfkit' {
  type Colour = [number[], number];
  interface Options {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    colorCallback?: (parsed: Colour | undefined, raw: string) => Colour | undefined;
    warningCallback?: (message: string) => void;
    fontCallback?: () => never;
    imageCallback?: () => never;
  }
  export default function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: Options): void;
}
