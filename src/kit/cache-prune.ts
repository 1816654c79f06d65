import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';

// The render cache keeps every render, tile, strip and page a build made, so it only grows: one national slogan
// changed grows it by about 11 MB for the shipped data, a whole season of edits by gigabytes. Each entry's record is
// touched whenever a build uses it (cache.ts), so its modification time says when it was last used. Once a day a
// build that used the cache scans it and, when it has passed its limit (2 GB unless QMKIT_CACHE_MAX says otherwise),
// removes the entries used longest ago until it is down to 80 % of the limit. `qmkit cache prune` does the same now.
// An entry removed while another build runs is only a miss for that build: it renders the job again.

/** The limit when QMKIT_CACHE_MAX is not set. */
export const DEFAULT_CACHE_MAX = 2 * 1024 ** 3;
/** After a prune the cache holds at most this share of its limit, so that the next build does not prune again. */
const PRUNE_TO = 0.8;
/** How long a build waits before it scans the cache again. */
const PRUNE_EVERY_MS = 24 * 3600 * 1000;
/** Entries used this recently are never removed (a build still running on the same cache may be using them). */
export const KEEP_RECENT_MS = 3600 * 1000;
/** The stamp a build's scan leaves in the cache folder; its modification time is when the cache was last scanned. */
const STAMP = 'pruned';

/** Bytes for a person: "1.9 GB", "512.0 MB", "80 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** "2G", "500M", "1.5G", "800K" or a number of bytes, as bytes. */
export function parseSize(text: string, where: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  const bytes = m ? Number(m[1]) * 1024 ** ' KMGT'.indexOf((m[2] || ' ').toUpperCase()) : NaN;
  if (!m || !Number.isFinite(bytes) || bytes < 1024 ** 2) {
    throw new UsageError(`${where} 应为缓存的大小上限，如 2G、500M（至少 1M），收到「${text}」`);
  }
  return Math.floor(bytes);
}

/** The cache's limit: QMKIT_CACHE_MAX, else 2 GB. */
export function cacheMax(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.QMKIT_CACHE_MAX;
  return value === undefined || value === '' ? DEFAULT_CACHE_MAX : parseSize(value, '环境变量 QMKIT_CACHE_MAX');
}

/** One keyed entry of the cache: its files (the record and its blobs) and when it was last used. */
interface Entry {
  readonly key: string;
  readonly files: string[];
  bytes: number;
  /** The record's modification time; the newest blob's for an entry without a record (a write cut short). */
  used: number;
  record: boolean;
}

export interface CacheUsage {
  /** Entries with a record (what a build can use). */
  readonly entries: number;
  /** Bytes of every file in the cache folder. */
  readonly bytes: number;
  /** When the least recently used entry was last used (ms), if there is one. */
  readonly oldest?: number;
}

function scan(dir: string): { entries: Map<string, Entry>; otherBytes: number } {
  const entries = new Map<string, Entry>();
  let otherBytes = 0;
  const sizeOf = (full: string): number => {
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st) return 0;
    if (!st.isDirectory()) return st.size;
    return readdirSync(full).reduce((n, name) => n + sizeOf(path.join(full, name)), 0);
  };
  if (!existsSync(dir)) return { entries, otherBytes };
  for (const sub of readdirSync(dir)) {
    const subDir = path.join(dir, sub);
    if (!/^[0-9a-f]{2}$/.test(sub) || !statSync(subDir).isDirectory()) {
      otherBytes += sizeOf(subDir);
      continue;
    }
    for (const name of readdirSync(subDir)) {
      const st = statSync(path.join(subDir, name), { throwIfNoEntry: false });
      if (!st) continue;
      const key = name.slice(0, name.indexOf('.') === -1 ? undefined : name.indexOf('.'));
      let entry = entries.get(key);
      if (!entry) entries.set(key, (entry = { key, files: [], bytes: 0, used: 0, record: false }));
      entry.files.push(path.join(subDir, name));
      entry.bytes += st.size;
      if (name === `${key}.json`) {
        entry.record = true;
        entry.used = st.mtimeMs;
      } else if (!entry.record) entry.used = Math.max(entry.used, st.mtimeMs);
    }
  }
  return { entries, otherBytes };
}

/** How much the cache in `dir` holds. */
export function cacheUsage(dir: string): CacheUsage {
  const { entries, otherBytes } = scan(dir);
  return usageOf(entries.values(), otherBytes);
}

function usageOf(entries: Iterable<Entry>, otherBytes: number): CacheUsage {
  let bytes = otherBytes;
  let count = 0;
  let oldest: number | undefined;
  for (const e of entries) {
    bytes += e.bytes;
    if (!e.record) continue;
    count++;
    oldest = oldest === undefined ? e.used : Math.min(oldest, e.used);
  }
  return { entries: count, bytes, ...(oldest !== undefined ? { oldest } : {}) };
}

export interface PruneResult {
  readonly removedEntries: number;
  readonly removedBytes: number;
  /** What is left. */
  readonly usage: CacheUsage;
}

/**
 * Removes what a build no longer needs from the cache in `dir`: entries whose write was cut short (no record), and,
 * when the cache holds more than `maxBytes`, the entries used longest ago until it holds at most 80 % of it. Nothing
 * used since `keepSince` (ms; Infinity keeps nothing for being recent) is removed. A record goes before its blobs, so
 * no build sees half an entry.
 */
export function pruneCache(dir: string, maxBytes: number, keepSince = Date.now() - KEEP_RECENT_MS): PruneResult {
  const { entries, otherBytes } = scan(dir);
  let { bytes } = usageOf(entries.values(), otherBytes);
  const target = bytes > maxBytes ? maxBytes * PRUNE_TO : Infinity;
  // Cut-short writes first, then the least recently used.
  const order = [...entries.values()].sort((a, b) => Number(a.record) - Number(b.record) || a.used - b.used);
  let removedEntries = 0;
  let removedBytes = 0;
  // A file without a record may be a write under way (a build writes the blobs, then the record): never a recent one.
  const orphansBefore = Math.min(keepSince, Date.now() - KEEP_RECENT_MS);
  for (const e of order) {
    if (e.record && bytes <= target) break;
    if (e.used >= (e.record ? keepSince : orphansBefore)) continue;
    const record = e.files.find((f) => f.endsWith('.json'));
    if (record) rmSync(record, { force: true });
    for (const f of e.files) if (f !== record) rmSync(f, { force: true });
    bytes -= e.bytes;
    removedBytes += e.bytes;
    if (e.record) removedEntries++;
    entries.delete(e.key);
  }
  return { removedEntries, removedBytes, usage: usageOf(entries.values(), otherBytes) };
}

/**
 * After a build that used the cache in `dir`: prunes it if a day has passed since the last scan (the first build of a
 * cache only leaves the stamp). Returns what was pruned, or undefined when it was not the time.
 */
export function pruneCacheDaily(dir: string, maxBytes = cacheMax(), now = Date.now()): PruneResult | undefined {
  const stamp = path.join(dir, STAMP);
  const last = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs;
  if (last !== undefined && now - last < PRUNE_EVERY_MS) return undefined;
  writeFileSync(stamp, 'When qmkit last scanned this cache for entries to remove (this file\'s modification time).\n');
  return last === undefined ? undefined : pruneCache(dir, maxBytes);
}
