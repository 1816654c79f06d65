// The real surfaces a poster is shown on (see docs/display-profiles.md for sources).
// Every size is exact: LED controllers and screen players show a file 1:1 and do not rescale.

export type Audience = 'school' | 'community' | 'transit' | 'share' | 'print';

export const AUDIENCES: readonly Audience[] = ['school', 'community', 'transit', 'share', 'print'];

export const AUDIENCE_LABELS: Readonly<Record<Audience, string>> = {
  school: '学校',
  community: '社区',
  transit: '公共交通',
  share: '分享',
  print: '打印',
};

/** full: any colour; led-red: red dots on black; led-tricolour: red/green/yellow dots on black. */
export type ColourMode = 'full' | 'led-red' | 'led-tricolour';

/** The arrangement of elements for a shape; one per shape, never one image scaled. */
export type Layout = 'landscape' | 'portrait' | 'ultrawide' | 'square' | 'cover' | 'print' | 'led';

export interface Insets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** A real surface: exact pixels, safe area, viewing distance and the legibility minimum that follows. */
export interface Profile {
  readonly id: string;
  readonly audience: Audience;
  /** Where it is shown, in Chinese, for the gallery and 使用说明.txt. */
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly layout: Layout;
  /** Insets of the safe area, in px. */
  readonly safe: Insets;
  /** Typical viewing distance in metres. */
  readonly viewingDistanceM: number;
  /** Physical size of one pixel in mm (panel pitch, or 25.4 / dpi for print). */
  readonly pixelMm: number;
  /** Smallest allowed character height in px: 8.3 mm per metre of distance, and ≥ 16 dots on LED. */
  readonly minCharPx: number;
  readonly colourMode: ColourMode;
  readonly dpi?: number;
  /** Bleed in mm for print variants (the background extends past the trim). */
  readonly bleedMm?: number;
  /** Print profiles: the paper size in mm (the trim), e.g. [210, 297] for A4. */
  readonly trimMm?: readonly [number, number];
  /** Share cards carry a QR code to the slogan's page. */
  readonly qr: boolean;
  /** Why this distance and pitch were chosen. */
  readonly basis: string;
}

const MM_PER_M = 8.3;
const LED_MIN_DOTS = 16;

const inset = (x: number, y = x): Insets => ({ top: y, right: x, bottom: y, left: x });
/** Title-safe: the central 80 % (SMPTE RP 27.3), for panels that may be fed over HDMI and overscan. */
const titleSafe = (w: number, h: number): Insets => inset(Math.round(w * 0.1), Math.round(h * 0.1));
const mmToPx = (mm: number, dpi: number) => Math.round((mm / 25.4) * dpi);

export function minCharPxFor(viewingDistanceM: number, pixelMm: number, led: boolean): number {
  const px = Math.ceil((viewingDistanceM * MM_PER_M) / pixelMm);
  return led ? Math.max(LED_MIN_DOTS, px) : px;
}

type Spec = Omit<Profile, 'minCharPx' | 'qr'> & { qr?: boolean };

function profile(spec: Spec): Profile {
  const led = spec.layout === 'led';
  return Object.freeze({ ...spec, qr: spec.qr ?? false, minCharPx: minCharPxFor(spec.viewingDistanceM, spec.pixelMm, led) });
}

// Panel pitches: 55″ 16:9 → 1218 mm / 1920 px = 0.634 mm; 21.5″ → 476 mm / 1920 px = 0.248 mm; phones show a 1080 px card about 70 mm wide.
function print(id: string, audience: Audience, label: string, trimWmm: number, trimHmm: number, bleed: boolean, distance: number): Profile {
  const dpi = 300;
  const bleedMm = bleed ? 3 : 0;
  const margin = mmToPx(10 + bleedMm, dpi);
  return profile({
    id: bleed ? `${id}-bleed` : id,
    audience,
    label: bleed ? `${label}（含 3 mm 出血，送印刷厂）` : label,
    width: mmToPx(trimWmm + 2 * bleedMm, dpi),
    height: mmToPx(trimHmm + 2 * bleedMm, dpi),
    layout: 'print',
    safe: inset(margin),
    viewingDistanceM: distance,
    pixelMm: 25.4 / dpi,
    colourMode: 'full',
    dpi,
    trimMm: [trimWmm, trimHmm],
    ...(bleed ? { bleedMm } : {}),
    basis: `300 dpi 打印，阅读距离 ${distance} m；文字距裁切线至少 10 mm`,
  });
}

export const PROFILES: readonly Profile[] = Object.freeze([
  profile({ id: 'school-screen', audience: 'school', label: '学校走廊、教室电视（横屏）', width: 1920, height: 1080, layout: 'landscape', safe: titleSafe(1920, 1080), viewingDistanceM: 4, pixelMm: 0.634, colourMode: 'full', basis: '55 英寸 1080p 电视，4 m 外观看；经 HDMI 输入可能过扫描，文字留在中央 80 % 字幕安全区' }),
  profile({ id: 'school-classcard', audience: 'school', label: '电子班牌（竖屏）', width: 1080, height: 1920, layout: 'portrait', safe: titleSafe(1080, 1920), viewingDistanceM: 1.5, pixelMm: 0.248, colourMode: 'full', basis: '21.5 英寸 1080p 班牌竖装，1.5 m 外观看' }),
  profile({ id: 'community-elevator', audience: 'community', label: '电梯广告屏（竖屏）', width: 1080, height: 1920, layout: 'portrait', safe: titleSafe(1080, 1920), viewingDistanceM: 1, pixelMm: 0.248, colourMode: 'full', basis: '21.5 英寸竖装电梯屏，约 1 m 外观看' }),
  profile({ id: 'community-led', audience: 'community', label: '社区、街道单色 LED 条屏', width: 192, height: 64, layout: 'led', safe: inset(0), viewingDistanceM: 10, pixelMm: 10, colourMode: 'led-tricolour', basis: 'P10 红绿黄三色条屏，10 m 外观看；汉字至少 16×16 点' }),
  profile({ id: 'community-led-128x32', audience: 'community', label: '小型单色 LED 条屏 128×32', width: 128, height: 32, layout: 'led', safe: inset(0), viewingDistanceM: 8, pixelMm: 7.62, colourMode: 'led-red', basis: 'P7.62 单红条屏，8 m 外观看；汉字至少 16×16 点' }),
  print('community-board-a3', 'community', '社区宣传栏 A3 张贴', 297, 420, false, 1),
  print('community-board-a3', 'community', '社区宣传栏 A3 张贴', 297, 420, true, 1),
  profile({ id: 'transit-bar', audience: 'transit', label: '地铁车厢条形屏', width: 1920, height: 360, layout: 'ultrawide', safe: inset(48, 24), viewingDistanceM: 2.5, pixelMm: 0.364, colourMode: 'full', basis: '28.6 英寸条形 LCD（约 699 mm 宽），车厢内 2.5 m 外观看' }),
  profile({ id: 'transit-platform', audience: 'transit', label: '站台、站厅屏（横屏）', width: 1920, height: 1080, layout: 'landscape', safe: titleSafe(1920, 1080), viewingDistanceM: 5, pixelMm: 0.634, colourMode: 'full', basis: '55 英寸 1080p 站台屏，5 m 外观看' }),
  profile({ id: 'transit-bus-led', audience: 'transit', label: '公交车内、线路牌 LED', width: 128, height: 32, layout: 'led', safe: inset(0), viewingDistanceM: 6, pixelMm: 5, colourMode: 'led-red', basis: 'P5 单红 LED，车内 6 m 外观看；汉字至少 16×16 点' }),
  profile({ id: 'share-moments', audience: 'share', label: '朋友圈、手机海报', width: 1080, height: 1920, layout: 'portrait', safe: inset(72, 96), viewingDistanceM: 0.3, pixelMm: 0.065, colourMode: 'full', qr: true, basis: '手机上约 70 mm 宽显示，30 cm 阅读' }),
  profile({ id: 'share-square', audience: 'share', label: '方形分享卡', width: 1080, height: 1080, layout: 'square', safe: inset(72), viewingDistanceM: 0.3, pixelMm: 0.065, colourMode: 'full', qr: true, basis: '手机上约 70 mm 宽显示，30 cm 阅读' }),
  profile({ id: 'share-og', audience: 'share', label: '网页链接预览图（Open Graph）', width: 1200, height: 630, layout: 'landscape', safe: inset(60, 48), viewingDistanceM: 0.3, pixelMm: 0.058, colourMode: 'full', qr: true, basis: '链接预览约 70 mm 宽显示，30 cm 阅读' }),
  profile({ id: 'share-wx-cover', audience: 'share', label: '公众号文章封面（2.35:1）', width: 900, height: 383, layout: 'cover', safe: inset(40, 28), viewingDistanceM: 0.3, pixelMm: 0.078, colourMode: 'full', qr: true, basis: '手机上约 70 mm 宽显示；中央正方形裁切后也须完整' }),
  profile({ id: 'share-miniprogram', audience: 'share', label: '小程序分享卡（5:4）', width: 500, height: 400, layout: 'square', safe: inset(28), viewingDistanceM: 0.3, pixelMm: 0.11, colourMode: 'full', qr: true, basis: '聊天中约 55 mm 宽显示，30 cm 阅读' }),
  print('print-a4', 'print', 'A4 海报打印', 210, 297, false, 1),
  print('print-a4', 'print', 'A4 海报打印', 210, 297, true, 1),
]);

export function findProfile(id: string): Profile | undefined {
  return PROFILES.find((p) => p.id === id);
}
