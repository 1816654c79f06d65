// The audit's rule ids and their Chinese names, in a module of their own so that the build's main thread (the
// report, the audit page) never loads the QR decoders and the renderer that check-asset.ts needs (issue 11).

export type RuleId = 'glyphs' | 'clreq' | 'safe-area' | 'min-size' | 'fill' | 'balance' | 'contrast' | 'qr' | 'size';

export const RULE_NAMES: Readonly<Record<RuleId, string>> = {
  glyphs: '字形齐全',
  clreq: '断行符合中文排版规则',
  'safe-area': '文字在安全区内',
  'min-size': '最小字高',
  fill: '主文字占满版面',
  balance: '各行长短均衡',
  contrast: '对比度',
  qr: '二维码可识别',
  size: '像素尺寸',
};
