import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { zipLevel } from '../../src/pack-readme.ts';
import { makeZip } from '../../src/kit/zip.ts';

// makeZip writes the ZIP itself (native CRC-32, cached deflated entries); fflate's zipSync is the reference.

/** fflate's zipSync with the options makeZip documents: the reference bytes. */
function reference(entries: { name: string; bytes: Uint8Array }[], date: Date): Uint8Array {
  const files: Zippable = {};
  for (const { name, bytes } of entries) files[name] = [bytes, { level: zipLevel(name), mtime: date, os: 3, attrs: (0o100644 << 16) >>> 0 }];
  return zipSync(files, { level: 6, mtime: date });
}

/** Bytes that deflate well (an LED bitmap's runs) and bytes that do not (a PNG's). */
function sample(seed: number, length: number, runs: boolean): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = runs ? ((i >> 7) & 1 ? 255 : 0) ^ (x >>> 30) : x >>> 24;
  }
  return bytes;
}

const entries = [
  { name: '使用说明.txt', bytes: new TextEncoder().encode('2022年全国“质量月”宣传物料\n示例\n') },
  { name: 'school-screen/slogan-01.png', bytes: sample(1, 50_000, false) },
  { name: 'community-led/slogan-01.bmp', bytes: sample(2, 36_918, true) },
  { name: 'community-led/slogan-01.gif', bytes: sample(3, 4_000, false) },
  { name: 'print-a4/海报-01.pdf', bytes: sample(4, 10_000, false) },
  { name: 'empty.bmp', bytes: new Uint8Array(0) },
  { name: 'empty.png', bytes: new Uint8Array(0) },
];
const date = new Date(2022, 7, 26, 12, 0, 0);

describe('makeZip', () => {
  it('writes exactly the bytes of fflate zipSync (stored and deflated entries, UTF-8 and ASCII names, empty files)', () => {
    const ours = makeZip(entries, date);
    expect(Buffer.from(ours).equals(Buffer.from(reference(entries, date)))).toBe(true);
    const back = unzipSync(ours);
    expect(Object.keys(back)).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(Buffer.from(back[e.name]!).equals(Buffer.from(e.bytes))).toBe(true);
  });

  it('with a store, deflates each entry once and takes it from the store after that, to the same bytes', () => {
    const kept = new Map<string, Uint8Array>();
    const store = { get: (k: string) => kept.get(k), put: (k: string, b: Uint8Array) => void kept.set(k, b) };
    const first = makeZip(entries, date, store);
    // The text, the bitmaps: the deflated entries (PNG, GIF and PDF are stored as they are).
    expect(kept.size).toBe(3);
    const puts: string[] = [];
    const second = makeZip(entries, date, { get: store.get, put: (k) => void puts.push(k) });
    expect(puts).toEqual([]);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(first).equals(Buffer.from(reference(entries, date)))).toBe(true);
  });

  it('uses what the store holds: the key is the entry bytes, so another entry with the same bytes shares it', () => {
    const kept = new Map<string, Uint8Array>();
    const store = { get: (k: string) => kept.get(k), put: (k: string, b: Uint8Array) => void kept.set(k, b) };
    const bmp = entries[2]!;
    makeZip([bmp], date, store);
    const gets: string[] = [];
    makeZip([{ name: 'other/name.bmp', bytes: bmp.bytes }], date, { get: (k) => (gets.push(k), kept.get(k)), put: () => expect.unreachable('re-deflated') });
    expect(gets).toEqual([...kept.keys()]);
  });

  it('opens with the system unzip, which reads the Chinese names and checks every CRC', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qmkit-zip-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'pack.zip');
    writeFileSync(file, makeZip(entries, date));
    const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
    execFileSync('unzip', ['-tq', file], { env });
    expect(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8', env }).trim().split('\n')).toEqual(entries.map((e) => e.name));
    // A changed byte is a CRC error: unzip really checks them.
    const bad = makeZip(entries, date);
    bad[30 + new TextEncoder().encode(entries[0]!.name).length + 3]! ^= 0xff;
    writeFileSync(file, bad);
    expect(() => execFileSync('unzip', ['-tq', file], { env, stdio: 'pipe' })).toThrow();
  });
});
