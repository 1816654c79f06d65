import type { Audience, Profile } from './profiles.ts';

/** What an asset shows: the theme, one slogan, an LED scrolling strip or an LED page. */
export type AssetKind = 'theme' | 'slogan' | 'led-strip' | 'led-page';

/** Everything one render needs; planned from the model, rendered without I/O. */
export interface RenderJob {
  /** Unique and stable: `national/2024/school-screen/slogan-03`. */
  readonly id: string;
  /** Asset name within its profile folder: `theme`, `slogan-03`, `slogan-03-a` (a bar part), `slogan-03-strip`, `slogan-03-p2`. */
  readonly name: string;
  readonly edition: string;
  readonly year: number;
  readonly kind: AssetKind;
  readonly profile: Profile;
  readonly audience: Audience;
  /** Output size; for led-strip the width follows the text. */
  readonly width: number;
  readonly height: number;
  /** The hero text exactly as in the data (for a led-page: this page's part). */
  readonly text: string;
  /** Slogan number, 1-based; undefined for the theme. */
  readonly n?: number;
  /** LED page number, or the part of a bar text split into several images; 1-based. */
  readonly page?: number;
  /** The whole theme or slogan this asset shows (part of), exactly as in the data. */
  readonly fullText: string;
  /** LED jobs: the character cell in px and the lines to draw, decided by the planner. */
  readonly led?: { readonly cell: number; readonly lines: readonly string[]; readonly margin: number };
  /** Output files, relative to the output folder (PNG always; BMP too for LED). */
  readonly path: string;
  readonly bmpPath?: string;
  /** Print posters (the trim variant): the print shop's vector CMYK PDF, and whether it carries crop marks. */
  readonly pdfPath?: string;
  readonly printMarks?: boolean;
  /** LED strips: the scrolling GIF at the panel's size. */
  readonly gifPath?: string;
  /** Gallery thumbnail path, or undefined when the asset is small enough to be its own thumbnail. */
  readonly thumbPath?: string;
  /** QR target for share cards; null otherwise. */
  readonly url: string | null;
  /**
   * Which of the URL's QR masks the card uses: 0 (or absent) is the one createReadableQr picks; the render moves on
   * to 1, 2… only when its own card's code does not read (render.ts). Never set by the planner.
   */
  readonly qrAttempt?: number;
  /** Context shown small on the image: `2024年全国“质量月”`. */
  readonly label: string;
  /** The edition's own name, as in the label: 全国, 天津市. */
  readonly editionName: string;
  readonly theme: string;
  readonly issuer: string;
  /** Data marked sample: every image shows 示例. */
  readonly sample: boolean;
  /** baseUrl is missing or local: cards are marked 预览. */
  readonly preview: boolean;
}
