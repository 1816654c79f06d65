import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Memo } from '../render/platform.ts';
import type { PlanMemo } from '../render/plan.ts';

/** A content-addressed store of render results: key → named byte blobs plus a JSON record. */
export interface RenderCache {
  get(key: string): CachedResult | undefined;
  put(key: string, result: CachedResult): void;
  /**
   * An entry's record (its blobs' names and its meta) when the entry is there, without reading its blobs (a later get
   * may still miss, e.g. a deleted blob).
   */
  record(key: string): CacheRecord | undefined;
}

export interface CacheRecord {
  readonly names: readonly string[];
  readonly meta: unknown;
}

export interface CachedResult {
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly meta: unknown;
}

/** A store of one named blob per key, in the render cache: how a build keeps its fonts, sheet tiles and the like. */
export function blobStore(cache: RenderCache, name: string, meta: unknown = null): { get(key: string): Uint8Array | undefined; put(key: string, bytes: Uint8Array): void } {
  return { get: (key) => cache.get(key)?.files[name], put: (key, bytes) => cache.put(key, { files: { [name]: bytes }, meta }) };
}

/** blobStore for text (UTF-8). */
export function textStore(cache: RenderCache, name: string): { get(key: string): string | undefined; put(key: string, text: string): void } {
  const blobs = blobStore(cache, name);
  return {
    get: (key) => {
      const bytes = blobs.get(key);
      return bytes && Buffer.from(bytes).toString('utf8');
    },
    put: (key, text) => blobs.put(key, Buffer.from(text, 'utf8')),
  };
}

/**
 * The engine's memo (Platform.memo) in the render cache: each key part is hashed with its kind and length, after
 * `version` (the engine's source and libraries), so an answer is never taken across a change to the code that made it.
 */
export function cacheMemo(cache: RenderCache, version: string): Memo {
  const texts = textStore(cache, 'txt');
  const keyOf = (parts: readonly (string | Uint8Array)[]) => {
    const hash = createHash('sha256').update(`qmkit-memo\0${version}`);
    for (const part of parts) {
      const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
      hash.update(`\0${typeof part === 'string' ? 's' : 'b'}${bytes.byteLength}\0`).update(bytes);
    }
    return hash.digest('hex');
  };
  return { get: (key) => texts.get(keyOf(key)), put: (key, value) => texts.put(keyOf(key), value) };
}

/** Entries a plan memo keeps at most: past that it keeps only those the last plan used. */
const PLAN_MEMO_ENTRIES = 5000;

/**
 * The planner's memo (PlanMemo) in the render cache: one JSON entry per `version` (the planner's source and libraries,
 * and ICU's version, whose word breaks the line breaker reads), read once and written back once when a plan added to it.
 */
export function planMemo(cache: RenderCache, version: string): { memo: PlanMemo; save(): void } {
  const store = textStore(cache, 'plan');
  const key = createHash('sha256').update(JSON.stringify(['plan-memo', 1, version, process.versions.icu ?? '', process.versions.unicode ?? ''])).digest('hex');
  let entries: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(store.get(key) ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) entries = parsed as Record<string, unknown>;
  } catch {
    // Unreadable: planned anew, and written again.
  }
  const used = new Set<string>();
  let added = false;
  return {
    memo: {
      get: (k) => {
        if (!Object.hasOwn(entries, k)) return undefined;
        used.add(k);
        return entries[k];
      },
      set: (k, value) => {
        entries[k] = value;
        used.add(k);
        added = true;
      },
    },
    save() {
      if (!added) return;
      if (Object.keys(entries).length > PLAN_MEMO_ENTRIES) entries = Object.fromEntries([...used].map((k) => [k, entries[k]]));
      store.put(key, JSON.stringify(entries));
    },
  };
}

/** No cache at all (`--no-cache`). */
export const noCache: RenderCache = { get: () => undefined, put: () => {}, record: () => undefined };

/** Marks a cache entry's record as used now (a read-only cache stays as it is). */
export function touchRecord(file: string): void {
  try {
    const now = Date.now() / 1000;
    utimesSync(file, now, now);
  } catch {
    // Read-only, or removed meanwhile: the entry just looks older.
  }
}

// Layout on disk: <dir>/<k0k1>/<key>.json lists the blobs; each blob is <key>.<name>. Writes go through a temp
// name and a rename, so a killed build never leaves a half-written entry that a later build would trust. A record's
// modification time is when the entry was last used (cache-prune.ts removes the entries used longest ago).
export function diskCache(dir: string): RenderCache {
  const base = (key: string) => path.join(dir, key.slice(0, 2), key);
  const readRecord = (key: string): CacheRecord | undefined => {
    try {
      return JSON.parse(readFileSync(`${base(key)}.json`, 'utf8')) as CacheRecord;
    } catch {
      return undefined;
    }
  };
  return {
    record(key) {
      const record = readRecord(key);
      if (!record || !record.names.every((name) => existsSync(`${base(key)}.${name}`))) return undefined;
      touchRecord(`${base(key)}.json`);
      return record;
    },
    get(key) {
      try {
        const record = readRecord(key);
        if (!record) return undefined;
        const files: Record<string, Uint8Array> = {};
        for (const name of record.names) files[name] = readFileSync(`${base(key)}.${name}`);
        touchRecord(`${base(key)}.json`);
        return { files, meta: record.meta };
      } catch {
        return undefined;
      }
    },
    put(key, result) {
      // A blob named "json" would be written over by the record (<key>.json).
      if ('json' in result.files) throw new Error('Internal error: a cache blob cannot be named "json"');
      mkdirSync(path.dirname(base(key)), { recursive: true });
      const tmp = `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
      for (const [name, bytes] of Object.entries(result.files)) {
        writeFileSync(`${base(key)}.${name}${tmp}`, bytes);
        renameSync(`${base(key)}.${name}${tmp}`, `${base(key)}.${name}`);
      }
      // The record goes last: it is what makes the entry visible.
      writeFileSync(`${base(key)}.json${tmp}`, JSON.stringify({ names: Object.keys(result.files), meta: result.meta }));
      renameSync(`${base(key)}.json${tmp}`, `${base(key)}.json`);
    },
  };
}
