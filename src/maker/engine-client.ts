import type { AssetAudit } from '../audit/check-asset.ts';
import type { Campaign } from '../campaign/model.ts';

// The page's one link to the render engine (the Web Worker of issue 12's engine half; see docs/maker-engine.md).
// Everything protocol-specific lives here, so the page stays the same if the worker's messages change.

/** One file the engine made: its CLI path (relative to the output folder) and bytes, with the CLI's audit record. */
export interface EngineFile {
  /** `assets/<edition>/<year>/<profile>/<name>.png`, exactly as the CLI names it. */
  readonly path: string;
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** LED: the same image as the CLI's BMP. */
  readonly bmpPath?: string;
  readonly bmp?: Uint8Array;
  /** A small copy (≤ 360 px wide) for the preview, when the file is wider than 400 px. */
  readonly thumb?: Uint8Array;
  readonly audit: AssetAudit;
}

/** One profile of one subject: its files, or the CLI's Chinese error (e.g. 口号过长 on the 128×32 LED). */
export type EngineResult = { readonly ok: true; readonly files: readonly EngineFile[] } | { readonly ok: false; readonly error: string };

export interface RenderRequest {
  readonly campaign: Campaign;
  /** data/site.yaml's baseUrl; undefined for none (cards marked 预览, as in the CLI). */
  readonly baseUrl: string | undefined;
  /** 0 for the theme, n for slogan n (1-based). */
  readonly n: number;
  readonly profile: string;
}

/** Where the engine's files are (the worker script and what its init message names), as the page's data attributes give them. */
export interface EngineUrls {
  readonly worker: string;
  readonly fonts: string;
  readonly yogaWasm: string;
  readonly resvgWasm: string;
}

interface Pending {
  readonly files: EngineFile[];
  readonly errors: string[];
  resolve(result: EngineResult): void;
  reject(error: Error): void;
}

/**
 * The engine worker (src/browser/render-worker.ts; its messages: src/browser/protocol.ts): `init` once, then one
 * `render` per profile; the worker answers each with a `job` per file, an `error` per failure and a final `done`.
 */
export class EngineClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  /** Resolves once the worker has loaded its WASM and font index (or rejects with why it could not). */
  readonly ready: Promise<void>;
  /** The font slice files the worker has fetched (absolute URLs), as its replies report them. */
  readonly fontUrls = new Set<string>();
  /** Render requests sent so far (the page replaces a worker that has made many: see src/maker/page.ts). */
  renders = 0;

  constructor(urls: EngineUrls) {
    this.worker = new Worker(urls.worker, { type: 'module' });
    const abs = (u: string) => new URL(u, location.href).href;
    const initId = this.next++;
    this.ready = new Promise<void>((resolve, reject) => {
      this.pending.set(initId, { files: [], errors: [], resolve: () => resolve(), reject });
    });
    this.worker.addEventListener('message', (event: MessageEvent) => this.onMessage(event.data as Reply, initId));
    this.worker.addEventListener('error', (event) => this.failAll(new Error(event.message || '无法加载')));
    this.worker.addEventListener('messageerror', () => this.failAll(new Error('消息无法读取')));
    this.worker.postMessage({ type: 'init', id: initId, fontsUrl: abs(urls.fonts), yogaWasmUrl: abs(urls.yogaWasm), resvgWasmUrl: abs(urls.resvgWasm) });
  }

  /** Ends the worker (and frees its WebAssembly memory, which never shrinks while the worker lives). */
  close(): void {
    this.worker.terminate();
    this.failAll(new Error('制作工具已关闭'));
  }

  /** True while a request is unanswered. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private onMessage(msg: Reply, initId: number): void {
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    switch (msg.type) {
      case 'ready':
        this.pending.delete(msg.id);
        waiting.resolve({ ok: true, files: [] });
        return;
      case 'job':
        waiting.files.push(toFile(msg));
        return;
      case 'error':
        if (msg.id === initId) {
          this.pending.delete(msg.id);
          waiting.reject(new Error(msg.message));
        } else waiting.errors.push(msg.message);
        return;
      case 'done':
        for (const url of msg.fontUrls ?? []) this.fontUrls.add(url);
        this.pending.delete(msg.id);
        waiting.resolve(waiting.errors.length ? { ok: false, error: waiting.errors.join('；') } : { ok: true, files: waiting.files });
        return;
    }
  }

  /** Has the worker start fetching the fonts these texts need (no reply; a render later finds them loaded). */
  prefetch(texts: readonly string[]): void {
    this.worker.postMessage({ type: 'prefetch', id: this.next++, texts });
  }

  /** Renders one subject on one profile; `thumbs` asks for the small previews of files wider than 400 px. */
  render(request: RenderRequest, thumbs = true): Promise<EngineResult> {
    const id = this.next++;
    this.renders++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { files: [], errors: [], resolve, reject });
      this.worker.postMessage({
        type: 'render',
        id,
        campaign: request.campaign,
        site: { pathPrefix: '/', ...(request.baseUrl ? { baseUrl: request.baseUrl } : {}) },
        subject: request.n > 0 ? request.n : 'theme',
        profiles: [request.profile],
        thumbs,
      });
    });
  }
}

type Reply =
  | { type: 'ready'; id: number }
  | ({ type: 'job'; id: number } & Record<string, unknown>)
  | { type: 'error'; id: number; profile?: string; message: string }
  | { type: 'done'; id: number; fontUrls?: readonly string[] };

function bytes(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return undefined;
}

function toFile(f: Record<string, unknown>): EngineFile {
  const bmp = bytes(f.bmp);
  const thumb = bytes(f.thumb);
  return {
    path: f.path as string,
    png: bytes(f.png)!,
    width: f.width as number,
    height: f.height as number,
    ...(typeof f.bmpPath === 'string' && bmp ? { bmpPath: f.bmpPath, bmp } : {}),
    ...(thumb ? { thumb } : {}),
    audit: f.audit as AssetAudit,
  };
}
