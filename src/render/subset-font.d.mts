/** subset-font's one call, as qmkit uses it (see subset-font.mjs). */
export function loadSubsetFont(): (font: Buffer, text: string, options: { targetFormat: 'sfnt' | 'truetype' }) => Promise<Buffer>;
