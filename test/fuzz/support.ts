// Shared pieces of the property tests: how many cases to run, the hostile inputs, and the checks every
// load must pass (a valid frozen model, or KitErrors that name file:line:col, in Chinese, quickly).
//
// The count: `npm test` runs each property at its small default; `npm run fuzz` sets FUZZ_RUNS (10,000) and
// each property runs its share of it (the shares add up to more than 1). FUZZ_SEED replays a failing run.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';
import { findForbiddenChar } from '../../src/campaign/text.ts';
import { DataError, DataErrors, KitError } from '../../src/errors.ts';

export * from './arbitraries.ts';

const FULL = Number(process.env.FUZZ_RUNS ?? '') || 0;

/** Whether this is the full run (`npm run fuzz`). */
export const FULL_RUN = FULL > 0;

/** Cases for one property: its share of FUZZ_RUNS in a full run, else `quick`. */
export function runs(share: number, quick: number): number {
  return FULL_RUN ? Math.max(1, Math.round(FULL * share)) : quick;
}

/** Timeout of one property test: generous in a full run. */
export const PROPERTY_TIMEOUT = FULL_RUN ? 60 * 60_000 : 120_000;

/** fast-check parameters: the case count, and the seed when FUZZ_SEED replays a run (with FUZZ_PATH). */
export function params(numRuns: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED ?? '');
  // FUZZ_NO_SHRINK: report the first failing case as found (shrinking a slow case can take very long).
  return { numRuns, ...(Number.isInteger(seed) && process.env.FUZZ_SEED ? { seed } : {}), ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    ...(process.env.FUZZ_NO_SHRINK ? { endOnFailure: true } : {}) };
}

/** Per-case time bound: a load that takes longer has a super-linear path or a hang. */
export const CASE_MS = 2000;

let cases = 0;
/**
 * Starts one generated case: counts it (printed per file at the end, to report the total) and lets the event
 * loop run, so that a long property does not starve vitest's worker messages.
 */
export async function caseStart(): Promise<void> {
  cases++;
  await new Promise<void>((resolve) => setImmediate(resolve));
}
export function reportCount(file: string): void {
  afterAll(() => {
    console.log(`[fuzz] ${file}: ${cases} cases${FULL_RUN ? ` (FUZZ_RUNS=${FULL})` : ''}`);
  });
}

/** Runs `fn` and fails the case when it takes longer than CASE_MS. */
export function timed<T>(what: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    const ms = performance.now() - start;
    if (ms > CASE_MS) throw new Error(`${what} took ${ms.toFixed(0)} ms (bound ${CASE_MS} ms)`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Checks.

/** A listing of every file under `root` with its size and mtime, to prove a load wrote nothing. */
export function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const st = statSync(full);
      out.push(`${path.relative(root, full)} ${entry.isDirectory() ? 'dir' : st.size} ${st.mtimeMs}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(root);
  return out.sort();
}

/** A temporary data folder: site.yaml plus one campaign file per case. */
export class DataDir {
  readonly root = mkdtempSync(path.join(tmpdir(), 'qmkit-fuzz-'));
  constructor(site = 'title: 全国“质量月”宣传套件\nbaseUrl: https://example.gov.cn/zlgy/\n') {
    writeFileSync(path.join(this.root, 'site.yaml'), site, 'utf8');
    afterAll(() => rmSync(this.root, { recursive: true, force: true }));
  }
  /** Replaces the campaign files with one, at campaigns/<edition>/<year>.yaml; returns its path relative to root. */
  writeCampaign(text: string, edition: string, year: number | string, site?: string): string {
    rmSync(path.join(this.root, 'campaigns'), { recursive: true, force: true });
    const rel = `campaigns/${edition}/${year}.yaml`;
    mkdirSync(path.dirname(path.join(this.root, rel)), { recursive: true });
    writeFileSync(path.join(this.root, rel), text, 'utf8');
    if (site !== undefined) writeFileSync(path.join(this.root, 'site.yaml'), site, 'utf8');
    return rel;
  }
}

const ESCAPE_RE = /[.*+?^${}()|[\]\\]/g;

/** How many lines a file has, however its lines end. */
function lineCount(text: string): number {
  return Math.max(text.split('\n').length, text.split(/\r\n|\r|\n/).length);
}

/**
 * Every error is a DataError that starts with `<file>:<line>:<col>` of a file that was loaded, at a line that
 * exists; its problem is in Chinese; and the message is one short line with no invisible or control character.
 */
export function expectPositioned(errors: readonly unknown[], files: Record<string, string>): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e).toBeInstanceOf(DataError);
    const error = e as DataError;
    const { file, line, col } = error.place;
    expect(Object.keys(files)).toContain(file);
    expect(error.message).toMatch(new RegExp(`^${file.replace(ESCAPE_RE, '\\$&')}:${line}:${col}[ :]`));
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(lineCount(files[file]!));
    expect(col).toBeGreaterThanOrEqual(1);
    expect(error.problem).toMatch(/\p{Script=Han}/u);
    expect(error.message).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(findForbiddenChar(error.message), error.message.slice(0, 200)).toBeUndefined();
    expect([...error.message].length, error.message.slice(0, 200)).toBeLessThanOrEqual(500);
  }
}

/** A thrown value is DataErrors (a KitError) whose every error is positioned. */
export function expectDataErrors(thrown: unknown, files: Record<string, string>): void {
  if (!(thrown instanceof DataErrors)) {
    throw new Error(`expected DataErrors, got ${thrown instanceof Error ? `${thrown.constructor.name}: ${thrown.message.slice(0, 300)}\n${thrown.stack}` : String(thrown)}`);
  }
  expect(thrown).toBeInstanceOf(KitError);
  expectPositioned(thrown.errors, files);
}

export function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/** Every string inside a value. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
