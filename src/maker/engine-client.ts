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

interface Pending {
  resolve(result: EngineResult): void;
  reject(error: Error): void;
}

export class EngineClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  /** Resolves once the worker has loaded (or rejects with why it could not). */
  readonly ready: Promise<void>;

  constructor(url: string) {
    this.worker = new Worker(url, { type: 'module' });
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    this.worker.addEventListener('message', (event: MessageEvent) => {
      const msg = event.data as { id?: number; type?: string; ok?: boolean; files?: unknown[]; error?: string; message?: string };
      if (msg.type === 'ready') return readyResolve();
      if (msg.type === 'fatal') return readyReject(new Error(msg.message ?? msg.error ?? '制作工具无法启动'));
      const waiting = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (!waiting) return;
      this.pending.delete(msg.id!);
      if (msg.ok === false || typeof msg.error === 'string') waiting.resolve({ ok: false, error: msg.error ?? '生成失败' });
      else waiting.resolve({ ok: true, files: (msg.files ?? []).map(toFile) });
    });
    this.worker.addEventListener('error', (event) => {
      const error = new Error(`制作工具出错：${event.message || '无法加载'}`);
      readyReject(error);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  render(request: RenderRequest): Promise<EngineResult> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({
        id,
        type: 'render',
        campaign: request.campaign,
        site: { baseUrl: request.baseUrl },
        ...(request.n > 0 ? { n: request.n } : { theme: true }),
        profiles: [request.profile],
      });
    });
  }
}

function bytes(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return undefined;
}

function toFile(raw: unknown): EngineFile {
  const f = raw as Record<string, unknown>;
  const bmp = bytes(f.bmp);
  return {
    path: f.path as string,
    png: bytes(f.png ?? f.bytes)!,
    width: f.width as number,
    height: f.height as number,
    ...(typeof f.bmpPath === 'string' && bmp ? { bmpPath: f.bmpPath, bmp } : {}),
    audit: f.audit as AssetAudit,
  };
}
