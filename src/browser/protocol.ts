import type { AssetAudit } from '../audit/check-asset.ts';
import type { Campaign } from '../campaign/model.ts';

// The render worker's message API (src/browser/render-worker.ts), for the maker page. Every request carries an `id`
// the replies repeat. Bytes arrive as transferred ArrayBuffer-backed Uint8Arrays.

export interface InitRequest {
  readonly type: 'init';
  readonly id: number;
  /** URL of the font slice index (maker/engine/fonts/index.json). */
  readonly fontsUrl: string;
  /** URLs of satori's yoga WASM and resvg's WASM (maker/engine/yoga.wasm, maker/engine/resvg.wasm). */
  readonly yogaWasmUrl: string;
  readonly resvgWasmUrl: string;
}

export interface RenderRequest {
  readonly type: 'render';
  readonly id: number;
  /** The validated campaign model (the campaign schema's output, as in the CLI). */
  readonly campaign: Campaign;
  /** Where QR codes point: the site's baseUrl (absent or local → cards marked 预览) and pathPrefix. */
  readonly site: { readonly baseUrl?: string; readonly pathPrefix: string };
  /** What to render: 'theme', a slogan number (1-based) or 'all' (default). */
  readonly subject?: 'theme' | number | 'all';
  /** Profile ids (default: all 17). */
  readonly profiles?: readonly string[];
  /** Run the legibility audit (default true). */
  readonly audit?: boolean;
  /** Make gallery thumbnails for assets wider than 400 px (default true). */
  readonly thumbs?: boolean;
}

/**
 * Starts fetching the font slices that texts need, at once and out of turn (no reply): the page sends the draft's
 * texts while the engine starts, so the first preview finds its fonts loaded or on the way.
 */
export interface PrefetchRequest {
  readonly type: 'prefetch';
  readonly id: number;
  readonly texts: readonly string[];
}

export type WorkerRequest = InitRequest | RenderRequest | PrefetchRequest;

/** One rendered file set: paths as the CLI names them (relative to the output folder). */
export interface JobReply {
  readonly type: 'job';
  readonly id: number;
  readonly jobId: string;
  readonly profile: string;
  readonly kind: string;
  readonly text: string;
  readonly url: string | null;
  readonly path: string;
  readonly bmpPath?: string;
  readonly thumbPath?: string;
  readonly width: number;
  readonly height: number;
  readonly png: Uint8Array;
  /** SHA-256 of the PNG, hex (as in manifest.json). */
  readonly sha256: string;
  readonly bmp?: Uint8Array;
  readonly thumb?: Uint8Array;
  readonly audit?: AssetAudit;
  /** Milliseconds this job took in the worker. */
  readonly ms: number;
}

/** A profile (or the whole campaign, when `profile` is absent) that could not be rendered: the CLI's Chinese message. */
export interface ErrorReply {
  readonly type: 'error';
  readonly id: number;
  readonly profile?: string;
  readonly message: string;
}

export type WorkerReply =
  | { readonly type: 'ready'; readonly id: number }
  | JobReply
  | ErrorReply
  | { readonly type: 'done'; readonly id: number; readonly jobs: number; readonly errors: number; readonly fontBytes: number; readonly ms: number; readonly fontUrls: readonly string[] };
