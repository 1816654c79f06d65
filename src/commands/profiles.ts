import type { Command } from '../cli.ts';
import { AUDIENCE_LABELS, PROFILES, type ColourMode, type Profile } from '../render/profiles.ts';

const COLOUR_LABELS: Readonly<Record<ColourMode, string>> = { full: '全彩', 'led-red': '单红 LED', 'led-tricolour': '红绿黄三色 LED' };

/** Display width in a terminal: East Asian wide and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** One row of `qmkit profiles`. */
export function profileRow(p: Profile): string[] {
  const safeW = p.width - p.safe.left - p.safe.right;
  const safeH = p.height - p.safe.top - p.safe.bottom;
  const mm = (p.minCharPx * p.pixelMm).toFixed(1);
  return [p.id, AUDIENCE_LABELS[p.audience], `${p.width}×${p.height}`, `${safeW}×${safeH}`, `${p.viewingDistanceM} m`, `${p.minCharPx} px / ${mm} mm`, COLOUR_LABELS[p.colourMode] + (p.qr ? '，二维码' : '')];
}

export function profilesTable(profiles: readonly Profile[] = PROFILES): string {
  const rows = [['id', '受众', '尺寸', '安全区', '观看距离', '最小字高', '色彩'], ...profiles.map(profileRow)];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c]!))));
  const line = (r: string[]) => r.map((cell, c) => pad(cell, widths[c]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const command: Command = {
  description: '列出全部显示与打印规格（屏幕、LED 条屏、打印、分享卡）：尺寸、安全区、观看距离和由此得出的最小字高。',
  usage: 'qmkit profiles',
  options: {},
  async run() {
    console.log(profilesTable());
    console.log(`\n共 ${PROFILES.length} 种规格。最小字高按每米观看距离 8.3 mm 计算，LED 每字至少 16×16 点。`);
    return 0;
  },
};
export default command;
