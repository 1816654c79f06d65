import { FIXED_CHARS, fontsFromFaces, type FontFace, type Fonts } from '../render/fonts.ts';
import { sliceFaces, sliceLookup, type SliceIndex } from './slice-index.ts';

// The browser's font loading: the site's slices of the CLI's fonts (src/maker/font-slices.ts). Only the slices
// holding the characters to draw are fetched, once each; a character in no slice is one the fonts lack, which
// the engine reports with the CLI's missing-glyph message.

export class SliceFonts {
  readonly #index: SliceIndex;
  readonly #base: URL;
  readonly #lookup: Map<number, number>;
  readonly #loaded = new Map<number, Promise<FontFace[]>>();
  #fonts: { key: string; fonts: Fonts } | undefined;
  /** Bytes fetched so far (all weights). */
  fetchedBytes = 0;
  /** Every slice file fetched so far, in order (the page has its service worker keep them: src/maker/page.ts). */
  readonly fetchedUrls: string[] = [];

  constructor(index: SliceIndex, indexUrl: string | URL) {
    this.#index = index;
    this.#base = new URL('.', indexUrl);
    this.#lookup = sliceLookup(index);
  }

  static async load(indexUrl: string | URL): Promise<SliceFonts> {
    const res = await fetch(indexUrl);
    if (!res.ok) throw new Error(`字体索引加载失败（${res.status}）：${String(indexUrl)}`);
    return new SliceFonts((await res.json()) as SliceIndex, res.url || indexUrl);
  }

  /** True when the fonts have the character (in every weight): the CLI's FontFiles.covers. */
  covers = (cp: number): boolean => this.#lookup.has(cp);

  /** The slice numbers holding the characters of the texts (and the fixed characters every render may draw). */
  slicesFor(texts: Iterable<string>): number[] {
    const need = new Set<number>();
    for (const text of [FIXED_CHARS, ...texts])
      for (const ch of text) {
        const slice = this.#lookup.get(ch.codePointAt(0)!);
        if (slice !== undefined) need.add(slice);
      }
    return [...need].sort((a, b) => a - b);
  }

  /** Starts fetching the slices the texts need (each once), without waiting for them. */
  async prefetch(texts: Iterable<string>): Promise<void> {
    await Promise.all(this.slicesFor(texts).map((i) => this.#slice(i)));
  }

  /**
   * Fonts holding every character of the texts that the fonts have: every slice loaded so far, in slice order (so
   * a character is always drawn from the one slice that holds it). The same object while no new slice is needed,
   * so satori keeps its parsed fonts.
   */
  async fontsFor(texts: Iterable<string>): Promise<Fonts> {
    await Promise.all(this.slicesFor(texts).map((i) => this.#slice(i)));
    const loaded = [...this.#loaded.keys()].sort((a, b) => a - b);
    const key = loaded.join(',');
    if (this.#fonts?.key !== key) {
      const faces = (await Promise.all(loaded.map((i) => this.#loaded.get(i)!))).flat();
      this.#fonts = { key, fonts: fontsFromFaces(faces, '') };
    }
    return this.#fonts.fonts;
  }

  #slice(i: number): Promise<FontFace[]> {
    let p = this.#loaded.get(i);
    if (!p) {
      const url = new URL(this.#index.slices[i]!.file, this.#base);
      p = (async () => {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`字体分片加载失败（${res.status}）：${url.href}`);
        const bytes = new Uint8Array(await res.arrayBuffer());
        const faces = sliceFaces(this.#index, i, bytes);
        this.fetchedBytes += bytes.length;
        this.fetchedUrls.push(url.href);
        return faces;
      })();
      p.catch(() => this.#loaded.delete(i));
      this.#loaded.set(i, p);
    }
    return p;
  }
}
